using System.Text.Json;
using Burgerbaan.Api.Allowance;
using Burgerbaan.Api.ApiKeys;
using Burgerbaan.Api.Audit;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Hours;
using Burgerbaan.Api.Organisations;
using Burgerbaan.Api.PayoutRuns;
using Burgerbaan.Api.Payouts;
using Burgerbaan.Api.Placements;
using Burgerbaan.Api.Volunteers;
using Burgerbaan.Contracts;
using Mapster;
using NodaTime;

namespace Burgerbaan.Tests.Platform;

/// <summary>
/// The row -> contract mappings: every one compiles under the strict rules, and each maps a row whose members all
/// hold different values onto exactly the contract a reader expects, so a renamed, swapped or defaulted member fails.
/// </summary>
public sealed class MappingTests
{
    private static readonly Instant Created = Instant.FromUtc(2025, 1, 2, 3, 4, 5);
    private static readonly Instant Updated = Instant.FromUtc(2025, 6, 7, 8, 9, 10);

    [Fact]
    public void Every_registered_mapping_compiles_with_a_source_for_every_contract_member() => Mappings.Config.Compile();

    [Fact]
    public void A_contract_member_without_a_source_fails_compilation_instead_of_defaulting()
    {
        var config = Mappings.Config.Clone();
        config.NewConfig<Renamed, ApiKeyResponse>();

        var error = Assert.Throws<CompileException>(() => config.Compile());

        Assert.Equal("The following members of destination class Burgerbaan.Contracts.ApiKeyResponse do not have a corresponding source member " +
            "mapped or ignored:KeyPrefix", error.InnerException?.Message);
    }

    private sealed class Renamed
    {
        public long Id { get; init; }
        public required string Name { get; init; }
        public ApiRole Role { get; init; }
        public long? OrganisationId { get; init; }
        public required string Prefix { get; init; }
        public Instant CreatedAt { get; init; }
        public Instant? RevokedAt { get; init; }
        public long? VolunteerId { get; init; }
        public long? SponsorId { get; init; }
    }

    [Fact]
    public void A_pair_that_is_not_registered_cannot_be_mapped() =>
        Assert.ThrowsAny<Exception>(() => new Renamed { Name = "n", Prefix = "p" }.Adapt<ApiKeyResponse>(Mappings.Config));

    [Fact]
    public void Payout_row_maps_every_member() => Assert.Equal(
        new PayoutResponse(11, 12, 13, PayoutKind.Gift, 14, new YearMonth(2025, 4), PayoutStatus.Cancelled, "desc", "receipt", Created, Updated, 15, 17,
            "Anna de Jong", "NL91ABNA0417164300"),
        new PayoutSql.Row
        {
            Id = 11, VolunteerId = 12, AgreementId = 13, Kind = PayoutKind.Gift, AmountCents = 14, Period = new YearMonth(2025, 4),
            Status = PayoutStatus.Cancelled, Description = "desc", ReceiptReference = "receipt", CreatedAt = Created, UpdatedAt = Updated,
            Version = 16, PayoutRunId = 15, SponsorshipId = 17, PayeeName = "Anna de Jong", PayeeIban = "NL91ABNA0417164300", CreatedByKeyId = 18,
        }.ToResponse());

    [Fact]
    public void Payout_run_line_row_maps_every_member() => Assert.Equal(
        new PayoutRunLine(21, 22, 23, 24, 25, "monthly_cap_exceeded", 26, "no_headroom", 27),
        new RunStore.LineRow
        {
            PayoutRunId = 20, VolunteerId = 21, Minutes = 22, GrossCents = 23, PaidCents = 24, TrimmedCents = 25,
            TrimmedBy = "monthly_cap_exceeded", PayoutId = 26, Skipped = "no_headroom", SponsorshipId = 27,
        }.Adapt<PayoutRunLine>(Mappings.Config));

    [Theory]
    [InlineData(0, HourStatus.Approved)]
    [InlineData(1, HourStatus.Paid)]
    public void Hour_row_maps_every_member_and_an_approved_entry_a_payout_pays_for_is_paid(int paid, HourStatus expected) => Assert.Equal(
        new HourEntryResponse(21, "ext-1", 22, 23, 24, new LocalDate(2025, 3, 5), 25, "desc", expected, "reason", 26),
        new HourSql.Row
        {
            Id = 21, ExternalId = "ext-1", PlacementId = 22, OrganisationId = 23, VolunteerId = 24, Date = new LocalDate(2025, 3, 5), Minutes = 25,
            Description = "desc", Status = HourStatus.Approved, RejectReason = "reason", PayoutId = 26, Version = 27, Paid = paid,
        }.ToResponse());

    [Fact]
    public void Placement_row_maps_every_member_and_shows_the_volunteer_as_first_name_and_surname_initial() => Assert.Equal(
        new PlacementResponse(31, new VolunteerRef(32, "Anna", "J."), 33, new LocalDate(2025, 1, 6), new LocalDate(2025, 12, 31), "Koken", 34, Created, Updated),
        new PlacementEndpoints.Row
        {
            Id = 31, VolunteerId = 32, FirstName = "Anna", LastName = "de Jong", OrganisationId = 33, StartDate = new LocalDate(2025, 1, 6),
            EndDate = new LocalDate(2025, 12, 31), Activity = "Koken", HoursPerWeek = 34, CreatedAt = Created, UpdatedAt = Updated, Version = 35,
        }.ToResponse());

    [Fact]
    public void Volunteer_row_maps_every_member() => Assert.Equal(
        new VolunteerResponse(41, "Anna", "de Jong", new LocalDate(1990, 5, 6), "anna@example.org", "0612345678", "NL91ABNA0417164300", true, Created, Updated),
        new VolunteerEndpoints.Row
        {
            Id = 41, FirstName = "Anna", LastName = "de Jong", DateOfBirth = new LocalDate(1990, 5, 6), Email = "anna@example.org",
            Phone = "0612345678", Iban = "NL91ABNA0417164300", Active = true, CreatedAt = Created, UpdatedAt = Updated, Version = 42,
        }.ToResponse());

    [Fact]
    public void Agreement_row_maps_every_member() => Assert.Equal(
        new AgreementResponse(51, 52, new LocalDate(2025, 1, 1), new LocalDate(2025, 12, 31), 53, 54, Created, Updated),
        new AgreementEndpoints.Row
        {
            Id = 51, VolunteerId = 52, StartDate = new LocalDate(2025, 1, 1), EndDate = new LocalDate(2025, 12, 31), HourlyRateCents = 53,
            AnnualBudgetCents = 54, CreatedAt = Created, UpdatedAt = Updated, Version = 55,
        }.ToResponse());

    [Fact]
    public void Organisation_row_maps_every_member() => Assert.Equal(
        new OrganisationResponse(61, "Buurthuis", OrganisationKind.Care, "12345678", "info@example.org", true, Created, Updated),
        new OrganisationEndpoints.Row
        {
            Id = 61, Name = "Buurthuis", Kind = OrganisationKind.Care, KvkNumber = "12345678", Email = "info@example.org", Active = true,
            CreatedAt = Created, UpdatedAt = Updated, Version = 62,
        }.ToResponse());

    [Fact]
    public void Allowance_limits_row_maps_every_member() => Assert.Equal(
        new AllowanceLimitsResponse(2025, 71, 72, 73, 74, Updated),
        AllowanceEndpoints.ToResponse(new LimitsSql.LimitsRow
        {
            Year = 2025, AnnualCents = 71, MonthlyCents = 72, HourlyCents = 73, HourlyUnder21Cents = 74, UpdatedAt = Updated, Statutory = true, Version = 75,
        }));

    [Fact]
    public void Api_key_row_maps_every_member() => Assert.Equal(
        new ApiKeyResponse(81, "kassa", ApiRole.Partner, 82, "bb_abc", Created, Updated, 83, 84),
        new ApiKeyEndpoints.Row
        {
            Id = 81, Name = "kassa", Role = ApiRole.Partner, OrganisationId = 82, KeyPrefix = "bb_abc", CreatedAt = Created, RevokedAt = Updated, VolunteerId = 83,
            SponsorId = 84,
        }.ToResponse());

    [Fact]
    public void Audit_row_maps_every_member_and_its_summary_as_json()
    {
        var mapped = new AuditEndpoints.Row
        {
            Id = 91, At = Created, ApiKeyId = 92, ApiKeyName = "beheer", Role = ApiRole.Finance, Action = "payout.approved", Entity = "payout",
            EntityId = 93, Summary = """{"status":{"from":"pending","to":"approved"},"amountCents":94}""",
        }.Adapt<AuditEntryResponse>(Mappings.Config);

        Assert.Equal(new AuditEntryResponse(91, Created, 92, "beheer", ApiRole.Finance, "payout.approved", "payout", 93, default),
            mapped with { Summary = default });
        Assert.Equal("""{"status":{"from":"pending","to":"approved"},"amountCents":94}""", JsonSerializer.Serialize(mapped.Summary));
    }
}
