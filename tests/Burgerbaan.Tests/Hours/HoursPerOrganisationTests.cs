using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using NodaTime;
using static Burgerbaan.Tests.Hours.HoursWorld;

namespace Burgerbaan.Tests.Hours;

/// <summary>
/// GET /v1/hours/per-organisation: which month ranges it accepts (from..to inclusive, at most 24 months, also across a
/// year boundary), how it refuses the others (400 naming the field, never a 500), and an admin's organisation filter.
/// </summary>
public sealed class HoursPerOrganisationTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    private const string Path = "/v1/hours/per-organisation";

    public static TheoryData<string, string[]> BadQueries => new()
    {
        { "", ["from", "to"] },
        { "to=2025-03", ["from"] },
        { "from=2025-03", ["to"] },
        { "from=2025-13&to=2025-12", ["from"] },
        { "from=2025-01&to=2025-3", ["to"] },
        { "from=2025-01&to=2025-03-01", ["to"] },
        { "from=2025-01&to=2025-03&format=xml", ["format"] },
        { "from=2025-03&to=2025-02", ["to"] },
        { "from=2025-01&to=2024-12", ["to"] },
        // 25 months, across year boundaries
        { "from=2024-03&to=2026-03", ["to"] },
        { "from=2023-12&to=2025-12", ["to"] },
        { "from=2024-01&to=2026-01", ["to"] },
    };

    [Theory]
    [MemberData(nameof(BadQueries))]
    public async Task A_missing_or_bad_month_range_is_a_400_naming_the_field(string query, string[] fields)
    {
        var response = await api.Client(ApiRole.Finance).GetAsync($"{Path}?{query}");

        await response.Invalid(fields);
    }

    [Theory]
    [InlineData("2025-03", "2025-03")]
    [InlineData("2024-12", "2025-01")]
    [InlineData("2024-04", "2026-03")]
    [InlineData("2024-01", "2025-12")]
    [InlineData("2023-12", "2025-11")]
    public async Task Ranges_of_one_to_24_months_are_accepted_also_across_a_year(string from, string to)
    {
        var report = await (await api.Client(ApiRole.Finance).GetAsync($"{Path}?from={from}&to={to}")).Read<HoursPerOrganisationResponse>();

        Assert.Equal((from, to), (NodaTime.Text.YearMonthPattern.Iso.Format(report.From), NodaTime.Text.YearMonthPattern.Iso.Format(report.To)));
    }

    [Fact]
    public async Task A_single_month_report_holds_that_months_rows_only()
    {
        var w = await Create(api);
        await (await Submit(w.PartnerA, Entry("f", w.PlacementA, new LocalDate(2025, 2, 28), 30), Entry("m", w.PlacementA, new LocalDate(2025, 3, 1), 45)))
            .Read<HourEntriesResponse>();

        var march = await (await api.Client(ApiRole.Finance).GetAsync($"{Path}?from=2025-03&to=2025-03&organisationId={w.OrgA}")).Read<HoursPerOrganisationResponse>();

        var row = Assert.Single(march.Items);
        Assert.Equal((w.OrgA, new YearMonth(2025, 3), 45L, 1L), (row.OrganisationId, row.Month, row.SubmittedMinutes, row.Entries));
    }

    [Fact]
    public async Task An_admins_organisation_filter_narrows_the_report_to_that_organisation()
    {
        var w = await Create(api);
        await (await Submit(w.PartnerA, Entry("a", w.PlacementA, new LocalDate(2025, 3, 3), 60))).Read<HourEntriesResponse>();
        await (await Submit(w.PartnerB, Entry("b", w.PlacementB, new LocalDate(2025, 3, 4), 90))).Read<HourEntriesResponse>();

        var all = await (await api.Admin().GetAsync($"{Path}?from=2025-03&to=2025-03")).Read<HoursPerOrganisationResponse>();
        var onlyB = await (await api.Admin().GetAsync($"{Path}?from=2025-03&to=2025-03&organisationId={w.OrgB}")).Read<HoursPerOrganisationResponse>();

        Assert.Contains(all.Items, r => r.OrganisationId == w.OrgA);
        Assert.Contains(all.Items, r => r.OrganisationId == w.OrgB);
        Assert.Null(all.OrganisationId);
        Assert.Equal(w.OrgB, onlyB.OrganisationId);
        Assert.Equal([(w.OrgB, 90L)], onlyB.Items.Select(r => (r.OrganisationId, r.SubmittedMinutes)));
    }
}
