using System.Net;
using System.Net.Http.Json;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using NodaTime;

namespace Burgerbaan.Tests.Payouts;

/// <summary>The limits table: seeded years, PUT validation, create and replace, and no decrease once payouts count.</summary>
public sealed class AllowanceLimitsTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    private static readonly Instant Seeded = Instant.FromUtc(2025, 1, 1, 0, 0);

    private static PutAllowanceLimitsRequest Legal2025 => new(210000, 21000, 560, 330);

    [Fact]
    public async Task Seeded_limits_are_the_published_figures_for_2023_to_2025()
    {
        var all = await (await api.Finance().GetAsync("/v1/allowance-limits")).Read<List<AllowanceLimitsResponse>>();

        // Later years may be set by other tests in this class; the seeded ones are exactly these.
        Assert.Equal(
            [
                new AllowanceLimitsResponse(2023, 190000, 19000, 500, 275, Seeded),
                new AllowanceLimitsResponse(2024, 210000, 21000, 550, 325, Seeded),
                new AllowanceLimitsResponse(2025, 210000, 21000, 560, 330, Seeded),
            ],
            all.Where(l => l.Year <= 2025));
        Assert.Equal(all.Select(l => l.Year).Order(), all.Select(l => l.Year));
        Assert.Equal(all[2], await (await api.Admin().GetAsync("/v1/allowance-limits/2025")).Read<AllowanceLimitsResponse>());
        await (await api.Finance().GetAsync("/v1/allowance-limits/2022")).Problem(HttpStatusCode.NotFound, "not_found");
    }

    public static TheoryData<int, PutAllowanceLimitsRequest, string> InvalidLimits() => new()
    {
        { 2031, new PutAllowanceLimitsRequest(21000, 21001, 560, 330), "monthlyCents" },
        { 2031, new PutAllowanceLimitsRequest(210000, 21000, 560, 561), "hourlyUnder21Cents" },
        { 2031, new PutAllowanceLimitsRequest(0, 21000, 560, 330), "annualCents" },
        { 2031, new PutAllowanceLimitsRequest(210000, 0, 560, 330), "monthlyCents" },
        { 2031, new PutAllowanceLimitsRequest(210000, 21000, 0, 0), "hourlyCents" },
        { 1999, new PutAllowanceLimitsRequest(210000, 21000, 560, 330), "year" },
        { 2101, new PutAllowanceLimitsRequest(210000, 21000, 560, 330), "year" },
    };

    [Theory]
    [MemberData(nameof(InvalidLimits))]
    public async Task Invalid_limits_are_refused_and_nothing_is_stored(int year, PutAllowanceLimitsRequest request, string field)
    {
        var problem = await (await api.Admin().PutAsJsonAsync($"/v1/allowance-limits/{year}", request, BurgerbaanApiFactory.Json))
            .Problem(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Contains(field, problem.ErrorFields());
        await (await api.Finance().GetAsync($"/v1/allowance-limits/{year}")).Problem(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task New_year_is_created_with_201_and_replaced_with_200()
    {
        var created = await api.Admin().PutAsJsonAsync("/v1/allowance-limits/2027", new PutAllowanceLimitsRequest(220000, 22000, 580, 340), BurgerbaanApiFactory.Json);

        var body = await created.Read<AllowanceLimitsResponse>(HttpStatusCode.Created);
        Assert.Equal("/v1/allowance-limits/2027", created.Headers.Location?.OriginalString);
        Assert.Equal(new AllowanceLimitsResponse(2027, 220000, 22000, 580, 340, api.Clock.GetCurrentInstant()), body);
        Assert.Equal(body, await (await api.Finance().GetAsync("/v1/allowance-limits/2027")).Read<AllowanceLimitsResponse>());

        Assert.Equal("\"1\"", created.Headers.ETag?.Tag);
        var replaced = await api.Admin().PutLimits(2027, new PutAllowanceLimitsRequest(200000, 20000, 570, 335), "\"1\"");

        Assert.Equal(body with { AnnualCents = 200000, MonthlyCents = 20000, HourlyCents = 570, HourlyUnder21Cents = 335 }, await replaced.Read<AllowanceLimitsResponse>());
        Assert.Equal("\"2\"", replaced.Headers.ETag?.Tag);
        var (stored, etag) = await api.Finance().GetLimits(2027);
        Assert.Equal((200000L, "\"2\""), (stored.AnnualCents, etag));
    }

    [Fact]
    public async Task Setting_a_years_limits_lets_its_payouts_through_under_those_limits()
    {
        var enrolled = await api.Enrol(new LocalDate(2032, 1, 1), new LocalDate(2032, 12, 31));
        await (await api.Finance().Post(PayoutKit.Payout(enrolled.VolunteerId, 5000, 1, year: 2032))).Problem(HttpStatusCode.UnprocessableEntity, "allowance_limits_missing");

        (await api.Admin().PutAsJsonAsync("/v1/allowance-limits/2032", new PutAllowanceLimitsRequest(60000, 8000, 600, 350), BurgerbaanApiFactory.Json))
            .EnsureSuccessStatusCode();

        await api.Finance().Pay(PayoutKit.Payout(enrolled.VolunteerId, 5000, 1, year: 2032));
        var refused = await (await api.Finance().Post(PayoutKit.Payout(enrolled.VolunteerId, 3001, 1, year: 2032)))
            .Problem(HttpStatusCode.UnprocessableEntity, "monthly_cap_exceeded");
        Assert.Equal((8000L, 3000L), ((long)refused["limitCents"]!, (long)refused["headroomCents"]!));
        var headroom = await api.Finance().Headroom(enrolled.VolunteerId, 2032);
        Assert.Equal((60000L, 60000L, 5000L, 55000L), (headroom.LegalAnnualLimitCents, headroom.EffectiveAnnualCapCents, headroom.CountedCents, headroom.HeadroomCents));
        Assert.Equal(8000, headroom.Months[1].LimitCents);
    }

    [Fact]
    public async Task Lowering_a_year_with_counted_payouts_is_a_conflict_naming_who_it_would_push_over()
    {
        await PutOk(2028, Legal2025);
        var high = await api.Enrol(new LocalDate(2028, 1, 1), new LocalDate(2028, 12, 31));
        var low = await api.Enrol(new LocalDate(2028, 1, 1), new LocalDate(2028, 12, 31));
        var gone = await api.Enrol(new LocalDate(2028, 1, 1), new LocalDate(2028, 12, 31));
        var finance = api.Finance();
        await finance.Pay(PayoutKit.Payout(high.VolunteerId, 20000, 1, year: 2028));
        await finance.Pay(PayoutKit.Payout(low.VolunteerId, 5000, 2, year: 2028));
        var cancelled = await finance.Pay(PayoutKit.Payout(gone.VolunteerId, 21000, 3, year: 2028));
        (await finance.Act(cancelled.Id, "cancel")).EnsureSuccessStatusCode();

        Assert.Equal([high.VolunteerId], await Conflict(2028, Legal2025 with { MonthlyCents = 10000 }));
        Assert.Equal([high.VolunteerId], await Conflict(2028, Legal2025 with { AnnualCents = 19000, MonthlyCents = 19000 }));
        Assert.Equal([high.VolunteerId, low.VolunteerId], await Conflict(2028, Legal2025 with { AnnualCents = 4000, MonthlyCents = 4000 }));
        Assert.Empty(await Conflict(2028, Legal2025 with { HourlyCents = 500 }));
        Assert.Empty(await Conflict(2028, Legal2025 with { HourlyUnder21Cents = 300 }));

        var unchanged = await (await api.Finance().GetAsync("/v1/allowance-limits/2028")).Read<AllowanceLimitsResponse>();
        Assert.Equal(Legal2025, new PutAllowanceLimitsRequest(unchanged.AnnualCents, unchanged.MonthlyCents, unchanged.HourlyCents, unchanged.HourlyUnder21Cents));
        var raised = new PutAllowanceLimitsRequest(240000, 24000, 600, 350);
        await PutOk(2028, raised);
        Assert.Equal((240000L, 24000L), ((await finance.Headroom(high.VolunteerId, 2028)).EffectiveAnnualCapCents, (await finance.Headroom(high.VolunteerId, 2028)).Months[0].LimitCents));
        await finance.Pay(PayoutKit.Payout(high.VolunteerId, 4000, 1, year: 2028));
    }

    [Fact]
    public async Task Raising_one_figure_and_keeping_the_others_is_not_a_decrease_once_payouts_count()
    {
        await PutOk(2036, Legal2025);
        var enrolled = await api.Enrol(new LocalDate(2036, 1, 1), new LocalDate(2036, 12, 31));
        await api.Finance().Pay(PayoutKit.Payout(enrolled.VolunteerId, 20000, 1, year: 2036));

        var steps = new[]
        {
            Legal2025 with { AnnualCents = Legal2025.AnnualCents + 1 },
            Legal2025 with { AnnualCents = Legal2025.AnnualCents + 1, MonthlyCents = Legal2025.MonthlyCents + 1 },
            Legal2025 with { AnnualCents = Legal2025.AnnualCents + 1, MonthlyCents = Legal2025.MonthlyCents + 1, HourlyCents = Legal2025.HourlyCents + 1 },
            new PutAllowanceLimitsRequest(Legal2025.AnnualCents + 1, Legal2025.MonthlyCents + 1, Legal2025.HourlyCents + 1, Legal2025.HourlyUnder21Cents + 1),
        };
        foreach (var step in steps)
        {
            var response = await api.Admin().ReplaceLimits(api, 2036, step);
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            Assert.Equal(step, (await api.Finance().GetLimits(2036)).Limits.AsRequest());
        }
    }

    [Fact]
    public async Task The_decrease_refusal_says_why_and_how_many_it_would_push_over()
    {
        await PutOk(2037, Legal2025);
        var enrolled = await api.Enrol(new LocalDate(2037, 1, 1), new LocalDate(2037, 12, 31));
        await api.Finance().Pay(PayoutKit.Payout(enrolled.VolunteerId, 20000, 1, year: 2037));

        var problem = await (await api.Admin().ReplaceLimits(api, 2037, Legal2025 with { MonthlyCents = 10000 })).Problem(HttpStatusCode.Conflict, "conflict");

        Assert.Equal("Payouts already count in 2037, so its limits may only go up; this change lowers them and would push 1 volunteer(s) over.",
            (string?)problem["detail"]);
    }

    [Fact]
    public async Task Lowering_a_year_where_nothing_counts_is_allowed()
    {
        await PutOk(2029, Legal2025);
        var enrolled = await api.Enrol(new LocalDate(2029, 1, 1), new LocalDate(2029, 12, 31));
        var released = await api.Finance().Pay(PayoutKit.Payout(enrolled.VolunteerId, 15000, 4, year: 2029));
        (await api.Finance().Act(released.Id, "reject")).EnsureSuccessStatusCode();
        await api.Finance().Pay(PayoutKit.Payout(enrolled.VolunteerId, 900, 5, PayoutKind.Expense, 2029, receipt: "BON-1"));

        await PutOk(2029, new PutAllowanceLimitsRequest(100000, 10000, 500, 300));

        await (await api.Finance().Post(PayoutKit.Payout(enrolled.VolunteerId, 10001, 4, year: 2029))).Problem(HttpStatusCode.UnprocessableEntity, "monthly_cap_exceeded");
        await api.Finance().Pay(PayoutKit.Payout(enrolled.VolunteerId, 10000, 4, year: 2029));
    }

    [Theory]
    [InlineData(ApiRole.Finance, HttpStatusCode.OK, HttpStatusCode.Forbidden)]
    [InlineData(ApiRole.Coordinator, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden)]
    [InlineData(ApiRole.Website, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden)]
    public async Task Only_finance_and_admin_read_limits_and_only_admin_sets_them(ApiRole role, HttpStatusCode read, HttpStatusCode write)
    {
        var client = api.Client(role);

        Assert.Equal(read, (await client.GetAsync("/v1/allowance-limits")).StatusCode);
        Assert.Equal(read, (await client.GetAsync("/v1/allowance-limits/2025")).StatusCode);
        await (await client.PutAsJsonAsync("/v1/allowance-limits/2033", Legal2025, BurgerbaanApiFactory.Json)).Problem(write, "forbidden");

        await (await api.Admin().GetAsync("/v1/allowance-limits/2033")).Problem(HttpStatusCode.NotFound, "not_found");
    }

    private async Task PutOk(int year, PutAllowanceLimitsRequest request)
    {
        var exists = (await api.Finance().GetAsync($"/v1/allowance-limits/{year}")).IsSuccessStatusCode;
        var response = exists ? await api.Admin().ReplaceLimits(api, year, request) : await api.Admin().PutLimits(year, request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<long[]> Conflict(int year, PutAllowanceLimitsRequest request)
    {
        var problem = await (await api.Admin().ReplaceLimits(api, year, request)).Problem(HttpStatusCode.Conflict, "conflict");
        return problem["volunteerIds"]!.AsArray().Select(n => (long)n!).ToArray();
    }
}
