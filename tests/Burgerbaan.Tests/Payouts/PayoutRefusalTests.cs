using System.Net;
using System.Text.Json.Nodes;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Hours;
using Burgerbaan.Tests.Infrastructure;
using NodaTime;

namespace Burgerbaan.Tests.Payouts;

/// <summary>Every refusal of POST /v1/payouts: the problem with its figures, and nothing written.</summary>
public sealed class PayoutRefusalTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    [Fact]
    public async Task Payout_for_a_volunteer_without_agreement_is_refused_with_no_active_agreement()
    {
        var volunteer = await api.Volunteer();

        var problem = await RefusedWithoutTrace(volunteer.Id, PayoutKit.Payout(volunteer.Id, 5000, 3), HttpStatusCode.UnprocessableEntity, "no_active_agreement");

        Assert.Empty(await api.Finance().Payouts(volunteer.Id));
        Assert.Equal(0, (await api.Finance().Headroom(volunteer.Id)).CountedCents);
        Assert.Null(problem["limitCents"]);
        Assert.Null(problem["headroomCents"]);
    }

    [Theory]
    [InlineData(2025, 7)]
    [InlineData(2024, 12)]
    [InlineData(2026, 1)]
    public async Task Payout_for_a_month_outside_the_agreement_is_refused_with_no_active_agreement(int year, int month)
    {
        var enrolled = await api.Enrol(new LocalDate(2025, 1, 1), new LocalDate(2025, 6, 30));

        var problem = await RefusedWithoutTrace(enrolled.VolunteerId, PayoutKit.Payout(enrolled.VolunteerId, 5000, month, year: year),
            HttpStatusCode.UnprocessableEntity, "no_active_agreement");

        Assert.Contains($"{year}-{month:D2}", (string?)problem["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Payout_in_a_year_without_limits_is_refused_with_allowance_limits_missing()
    {
        var enrolled = await api.Enrol(new LocalDate(2026, 1, 1), new LocalDate(2026, 12, 31));

        var problem = await RefusedWithoutTrace(enrolled.VolunteerId, PayoutKit.Payout(enrolled.VolunteerId, 5000, 2, year: 2026),
            HttpStatusCode.UnprocessableEntity, "allowance_limits_missing", year: 2026);

        Assert.Null(problem["limitCents"]);
        Assert.Null(problem["headroomCents"]);
        Assert.Contains("/v1/allowance-limits/2026", (string?)problem["detail"], StringComparison.Ordinal);
        await (await api.Finance().GetAsync($"/v1/volunteers/{enrolled.VolunteerId}/allowance/2026"))
            .Problem(HttpStatusCode.UnprocessableEntity, "allowance_limits_missing");
    }

    [Fact]
    public async Task Payout_for_a_deactivated_volunteer_is_refused_with_volunteer_inactive()
    {
        var enrolled = await api.Enrol();
        var read = await api.Admin().GetAsync($"/v1/volunteers/{enrolled.VolunteerId}");
        (await api.Admin().Patch($"/v1/volunteers/{enrolled.VolunteerId}", new { active = false }, read.Headers.ETag?.Tag)).EnsureSuccessStatusCode();

        foreach (var kind in new[] { PayoutKind.Allowance, PayoutKind.Expense })
        {
            var problem = await RefusedWithoutTrace(enrolled.VolunteerId, PayoutKit.Payout(enrolled.VolunteerId, 500, 3, kind, receipt: "BON-9"),
                HttpStatusCode.UnprocessableEntity, "volunteer_inactive");
            Assert.Equal($"Volunteer {enrolled.VolunteerId} is deactivated; payouts are refused until a coordinator reactivates them.", (string?)problem["detail"]);
        }
        Assert.Empty(await api.Finance().Payouts(enrolled.VolunteerId));
    }

    [Fact]
    public async Task A_deactivated_volunteer_is_refused_as_inactive_before_the_allowance_rules_are_weighed()
    {
        var enrolled = await api.Enrol();
        var read = await api.Admin().GetAsync($"/v1/volunteers/{enrolled.VolunteerId}");
        (await api.Admin().Patch($"/v1/volunteers/{enrolled.VolunteerId}", new { active = false }, read.Headers.ETag?.Tag)).EnsureSuccessStatusCode();

        // Over the monthly limit of 21,000 as well: being deactivated is what the volunteer is told.
        await RefusedWithoutTrace(enrolled.VolunteerId, PayoutKit.Payout(enrolled.VolunteerId, 21001, 3),
            HttpStatusCode.UnprocessableEntity, "volunteer_inactive");

        Assert.Empty(await api.Finance().Payouts(enrolled.VolunteerId));
    }

    [Fact]
    public async Task Expense_needs_no_limits_because_it_does_not_count()
    {
        var enrolled = await api.Enrol(new LocalDate(2026, 1, 1), new LocalDate(2026, 12, 31));

        var expense = await api.Finance().Pay(PayoutKit.Payout(enrolled.VolunteerId, 1250, 4, PayoutKind.Expense, 2026, receipt: "BON-2026-04"));

        Assert.Equal(PayoutStatus.Pending, expense.Status);
        Assert.Equal(0, (await api.StoredFor(enrolled.VolunteerId, 2026)).YearCounted);
    }

    [Fact]
    public async Task Payout_over_the_monthly_limit_is_refused_with_limit_and_headroom()
    {
        var enrolled = await api.Enrol();
        var finance = api.Finance();
        await finance.Pay(PayoutKit.Payout(enrolled.VolunteerId, 15000, 4));

        var problem = await RefusedWithoutTrace(enrolled.VolunteerId, PayoutKit.Payout(enrolled.VolunteerId, 6001, 4, PayoutKind.Travel),
            HttpStatusCode.UnprocessableEntity, "monthly_cap_exceeded");

        Assert.Equal(21000, (long?)problem["limitCents"]);
        Assert.Equal(6000, (long?)problem["headroomCents"]);
        await finance.Pay(PayoutKit.Payout(enrolled.VolunteerId, 6000, 4, PayoutKind.Gift));
        Assert.Equal(21000, (await finance.Headroom(enrolled.VolunteerId)).MonthCounted(4));
    }

    [Fact]
    public async Task Payout_over_the_agreements_annual_budget_is_refused_with_allowance_cap_exceeded()
    {
        var enrolled = await api.Enrol(budget: 50000);
        var finance = api.Finance();
        await finance.Pay(PayoutKit.Payout(enrolled.VolunteerId, 21000, 1));
        await finance.Pay(PayoutKit.Payout(enrolled.VolunteerId, 21000, 2));

        var problem = await RefusedWithoutTrace(enrolled.VolunteerId, PayoutKit.Payout(enrolled.VolunteerId, 8001, 3),
            HttpStatusCode.UnprocessableEntity, "allowance_cap_exceeded");

        Assert.Equal(50000, (long?)problem["limitCents"]);
        Assert.Equal(8000, (long?)problem["headroomCents"]);
        await finance.Pay(PayoutKit.Payout(enrolled.VolunteerId, 8000, 3));
    }

    [Fact]
    public async Task Payout_over_the_monthly_limit_is_offered_no_more_than_the_year_has_left_after_its_earlier_months()
    {
        var enrolled = await api.Enrol(budget: 20000);
        var finance = api.Finance();
        await finance.Pay(PayoutKit.Payout(enrolled.VolunteerId, 15000, 1));

        var problem = await RefusedWithoutTrace(enrolled.VolunteerId, PayoutKit.Payout(enrolled.VolunteerId, 22000, 3),
            HttpStatusCode.UnprocessableEntity, "monthly_cap_exceeded");

        Assert.Equal((21000L, 5000L), ((long)problem["limitCents"]!, (long)problem["headroomCents"]!));
        await finance.Pay(PayoutKit.Payout(enrolled.VolunteerId, 5000, 3));
        var headroom = await finance.Headroom(enrolled.VolunteerId);
        Assert.Equal((20000L, 0L, 5000L), (headroom.CountedCents, headroom.HeadroomCents, headroom.MonthCounted(3)));
    }

    [Fact]
    public async Task Payout_over_the_monthly_limit_is_offered_the_months_room_after_its_earlier_payout_within_the_agreements_budget()
    {
        var enrolled = await api.Enrol(budget: 30000);
        var finance = api.Finance();
        await finance.Pay(PayoutKit.Payout(enrolled.VolunteerId, 15000, 3));

        var problem = await RefusedWithoutTrace(enrolled.VolunteerId, PayoutKit.Payout(enrolled.VolunteerId, 10000, 3),
            HttpStatusCode.UnprocessableEntity, "monthly_cap_exceeded");

        Assert.Equal((21000L, 6000L), ((long)problem["limitCents"]!, (long)problem["headroomCents"]!));
        await finance.Pay(PayoutKit.Payout(enrolled.VolunteerId, 6000, 3, PayoutKind.Gift));
        var headroom = await finance.Headroom(enrolled.VolunteerId);
        Assert.Equal((21000L, 9000L, 21000L), (headroom.CountedCents, headroom.HeadroomCents, headroom.MonthCounted(3)));
    }

    [Fact]
    public async Task Payout_after_ten_full_months_is_refused_by_the_legal_annual_limit()
    {
        var enrolled = await api.Enrol();
        var finance = api.Finance();
        for (var month = 1; month <= 10; month++)
        {
            await finance.Pay(PayoutKit.Payout(enrolled.VolunteerId, 21000, month));
        }

        var problem = await RefusedWithoutTrace(enrolled.VolunteerId, PayoutKit.Payout(enrolled.VolunteerId, 100, 11),
            HttpStatusCode.UnprocessableEntity, "allowance_cap_exceeded");

        Assert.Equal(210000, (long?)problem["limitCents"]);
        Assert.Equal(0, (long?)problem["headroomCents"]);
        var headroom = await finance.Headroom(enrolled.VolunteerId);
        Assert.Equal(0, headroom.HeadroomCents);
        Assert.All(headroom.Months.Skip(10), m => Assert.Equal((21000L, 0L, 0L), (m.LimitCents, m.CountedCents, m.HeadroomCents)));
    }

    [Fact]
    public async Task Expense_without_receipt_reference_is_a_validation_error()
    {
        var enrolled = await api.Enrol();

        var problem = await RefusedWithoutTrace(enrolled.VolunteerId, PayoutKit.Payout(enrolled.VolunteerId, 1000, 5, PayoutKind.Expense),
            HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal(["receiptReference"], problem.ErrorFields());
    }

    [Fact]
    public async Task Zero_amount_is_a_validation_error()
    {
        var enrolled = await api.Enrol();

        var problem = await RefusedWithoutTrace(enrolled.VolunteerId, PayoutKit.Payout(enrolled.VolunteerId, 0, 5), HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal(["amountCents"], problem.ErrorFields());
    }

    [Fact]
    public async Task Unknown_volunteer_is_a_validation_error()
    {
        const long unknown = 987654;

        var problem = await RefusedWithoutTrace(unknown, PayoutKit.Payout(unknown, 1000, 5), HttpStatusCode.BadRequest, "validation_failed");

        Explains(problem, "volunteerId");
    }

    [Theory]
    [InlineData("2025-13", "period")]
    [InlineData("2025-3", "period")]
    [InlineData("1999-12", "period")]
    [InlineData("2101-01", "period")]
    public async Task Malformed_or_out_of_range_period_is_a_validation_error(string period, string field)
    {
        var enrolled = await api.Enrol();
        var before = await Snapshot(enrolled.VolunteerId);

        var response = await api.Finance().SendRaw(HttpMethod.Post, "/v1/payouts",
            $$"""{"volunteerId":{{enrolled.VolunteerId}},"kind":"allowance","amountCents":1000,"period":"{{period}}"}""");

        await response.Invalid(field);
        Assert.Equal(before, await Snapshot(enrolled.VolunteerId));
    }

    [Theory]
    [InlineData(2000, 1)]
    [InlineData(2100, 12)]
    public async Task The_first_and_last_month_of_the_period_range_pass_the_range_check(int year, int month)
    {
        var enrolled = await api.Enrol();

        // In range, so judged on its merits: the 2025 agreement does not cover it.
        await RefusedWithoutTrace(enrolled.VolunteerId, PayoutKit.Payout(enrolled.VolunteerId, 1000, month, year: year),
            HttpStatusCode.UnprocessableEntity, "no_active_agreement", year: year);
    }

    [Fact]
    public async Task An_empty_list_of_hour_entry_ids_is_a_validation_error()
    {
        var enrolled = await api.Enrol();

        var problem = await RefusedWithoutTrace(enrolled.VolunteerId, PayoutKit.Payout(enrolled.VolunteerId, 1000, 3) with { HourEntryIds = [] },
            HttpStatusCode.BadRequest, "validation_failed");

        Explains(problem, "hourEntryIds");
    }

    [Fact]
    public async Task At_most_1000_hour_entry_ids_are_taken_and_each_of_1000_is_then_looked_up()
    {
        var enrolled = await api.Enrol();
        var ids = Enumerable.Range(0, 1001).Select(i => 900_000_000L + i).ToList();

        var tooMany = await RefusedWithoutTrace(enrolled.VolunteerId, PayoutKit.Payout(enrolled.VolunteerId, 1000, 3) with { HourEntryIds = ids },
            HttpStatusCode.BadRequest, "validation_failed");
        var thousand = await RefusedWithoutTrace(enrolled.VolunteerId, PayoutKit.Payout(enrolled.VolunteerId, 1000, 3) with { HourEntryIds = ids.Take(1000).ToList() },
            HttpStatusCode.BadRequest, "validation_failed");

        // 1,001 is refused by the count alone: one message; 1,000 pass the count and each unknown id is named on its own.
        Assert.Single(Explains(tooMany, "hourEntryIds")["hourEntryIds"]!.AsArray());
        Assert.Equal(1000, Explains(thousand, "hourEntryIds")["hourEntryIds"]!.AsArray().Count);
    }

    /// <summary>Asserts the validation problem's errors name exactly <paramref name="fields"/>, each with non-blank messages; returns the errors.</summary>
    private static JsonObject Explains(JsonObject problem, params string[] fields)
    {
        Assert.Equal(fields.Order(StringComparer.Ordinal), problem.ErrorFields());
        var errors = problem["errors"]!.AsObject();
        Assert.All(errors, field =>
        {
            Assert.NotEmpty(field.Value!.AsArray());
            Assert.All(field.Value!.AsArray(), m => Assert.False(string.IsNullOrWhiteSpace((string?)m), $"{field.Key} has a blank message"));
        });
        return errors;
    }

    /// <summary>Posts, asserts the problem, and that the payouts, totals, headroom and audit trail are exactly as before.</summary>
    private async Task<JsonObject> RefusedWithoutTrace(long volunteerId, CreatePayoutRequest request, HttpStatusCode status, string code, int year = 2025)
    {
        var before = await Snapshot(volunteerId, year);

        var problem = await (await api.Finance().Post(request)).Problem(status, code);

        Assert.Equal(before, await Snapshot(volunteerId, year));
        return problem;
    }

    private async Task<string> Snapshot(long volunteerId, int year = 2025)
    {
        var finance = api.Finance();
        var payouts = await finance.Payouts(volunteerId);
        var headroom = await finance.GetAsync($"/v1/volunteers/{volunteerId}/allowance/{year}");
        var stored = await api.StoredFor(volunteerId, year);
        // A problem body carries a fresh traceId, so only a 200's body is compared.
        var room = headroom.IsSuccessStatusCode ? await headroom.Content.ReadAsStringAsync() : "";
        return $"{string.Join(";", payouts)}|{(int)headroom.StatusCode} {room}|{stored}";
    }
}
