using Burgerbaan.Api.Placements;
using Burgerbaan.Api.SelfService;
using Burgerbaan.Api.Volunteers;
using Burgerbaan.Contracts;
using NodaTime;

namespace Burgerbaan.Tests.SelfService;

/// <summary>The self-service row -> contract mappings map every member to its own value (see MappingTests).</summary>
public sealed class SelfServiceMappingTests
{
    private static readonly Instant Created = Instant.FromUtc(2025, 1, 2, 3, 4, 5);
    private static readonly Instant Updated = Instant.FromUtc(2025, 6, 7, 8, 9, 10);

    [Fact]
    public void Volunteer_row_maps_onto_the_own_profile_without_registry_only_members() => Assert.Equal(
        new MeResponse(91, "Mira", "van den Berg", new LocalDate(1990, 4, 5), "m@example.org", "0611", "NL91ABNA0417164300", Updated),
        MeEndpoints.ToMe(new VolunteerEndpoints.Row
        {
            Id = 91, FirstName = "Mira", LastName = "van den Berg", DateOfBirth = new LocalDate(1990, 4, 5), Email = "m@example.org", Phone = "0611",
            Iban = "NL91ABNA0417164300", Active = true, CreatedAt = Created, UpdatedAt = Updated, Version = 92,
        }));

    [Fact]
    public void Placement_row_maps_with_the_organisation_name() => Assert.Equal(
        new MyPlacementResponse(93, 94, "Buurthuis", new LocalDate(2025, 1, 1), new LocalDate(2025, 6, 30), "Koffie", 6),
        new VolunteerPlacements.Row
        {
            Id = 93, OrganisationId = 94, OrganisationName = "Buurthuis", StartDate = new LocalDate(2025, 1, 1), EndDate = new LocalDate(2025, 6, 30),
            Activity = "Koffie", HoursPerWeek = 6,
        }.ToResponse());

    [Fact]
    public void Consent_row_maps_every_member_and_its_status_of_the_day() => Assert.Equal(
        new SponsorConsentResponse(95, 96, "Bouw BV", new LocalDate(2025, 1, 1), new LocalDate(2025, 12, 31), Created, true, null, SponsorConsentStatus.Upcoming),
        new SponsorConsents.Row
        {
            AllocationId = 95, SponsorId = 96, SponsorName = "Bouw BV", StartDate = new LocalDate(2025, 1, 1), EndDate = new LocalDate(2025, 12, 31),
            ConsentGivenAt = Created, NameInReports = true, RevokedAt = null,
        }.ToResponse(new LocalDate(2024, 12, 31)));
}
