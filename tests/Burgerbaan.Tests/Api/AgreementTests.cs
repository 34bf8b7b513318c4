using System.Net;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using NodaTime;

namespace Burgerbaan.Tests.Api;

public sealed class AgreementTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    private static readonly LocalDate Jan1 = new(2025, 1, 1);
    private static readonly LocalDate Dec31 = new(2025, 12, 31);

    private async Task<IReadOnlyList<AgreementResponse>> List(long volunteerId) =>
        (await (await api.Admin().GetAsync($"/v1/volunteers/{volunteerId}/agreements")).Read<Page<AgreementResponse>>()).Items;

    private Task<HttpResponseMessage> Extend(long volunteerId, long agreementId, int months, HttpClient? client = null) =>
        (client ?? api.Admin()).PostJson($"/v1/volunteers/{volunteerId}/agreements/{agreementId}/extend", new ExtendAgreementRequest(months));

    [Fact]
    public async Task Created_agreement_has_location_under_its_volunteer()
    {
        var volunteer = await api.Volunteer();

        var response = await api.Admin().PostJson($"/v1/volunteers/{volunteer.Id}/agreements", new CreateAgreementRequest(Jan1, Dec31, 550, 150_000));
        var created = await response.Read<AgreementResponse>(HttpStatusCode.Created);

        Assert.Equal($"/v1/volunteers/{volunteer.Id}/agreements/{created.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        Assert.Equal(new AgreementResponse(created.Id, volunteer.Id, Jan1, Dec31, 550, 150_000, BurgerbaanApiFactory.Start, BurgerbaanApiFactory.Start), created);
        Assert.Equal(created, await (await api.Admin().GetAsync(response.Headers.Location)).Read<AgreementResponse>());
        Assert.Equal([created], await List(volunteer.Id));
    }

    [Fact]
    public async Task End_date_before_start_date_is_refused()
    {
        var volunteer = await api.Volunteer();

        var problem = await (await api.Admin().PostJson($"/v1/volunteers/{volunteer.Id}/agreements", new CreateAgreementRequest(Dec31, Jan1)))
            .Problem(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal(["endDate"], problem.ErrorFields());
        Assert.Empty(await List(volunteer.Id));
    }

    [Fact]
    public async Task Rate_and_budget_must_be_positive()
    {
        var volunteer = await api.Volunteer();

        var problem = await (await api.Admin().PostJson($"/v1/volunteers/{volunteer.Id}/agreements", new CreateAgreementRequest(Jan1, Dec31, 0, 0)))
            .Problem(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal(["annualBudgetCents", "hourlyRateCents"], problem.ErrorFields());
        Assert.Empty(await List(volunteer.Id));
    }

    [Fact]
    public async Task Single_day_agreement_is_allowed()
    {
        var volunteer = await api.Volunteer();

        var created = await api.Agreement(volunteer.Id, Jan1, Jan1);

        Assert.Equal(created.StartDate, created.EndDate);
    }

    [Theory]
    [InlineData("2025-06-01", "2026-05-31")]
    [InlineData("2024-06-01", "2025-01-01")]
    [InlineData("2025-12-31", "2025-12-31")]
    [InlineData("2024-01-01", "2026-12-31")]
    [InlineData("2025-03-01", "2025-03-31")]
    public async Task Overlapping_agreement_is_a_conflict_and_nothing_is_written(string start, string end)
    {
        var volunteer = await api.Volunteer();
        var existing = await api.Agreement(volunteer.Id, Jan1, Dec31);

        await (await api.Admin().PostJson($"/v1/volunteers/{volunteer.Id}/agreements", new CreateAgreementRequest(Date(start), Date(end))))
            .Problem(HttpStatusCode.Conflict, "conflict");

        Assert.Equal([existing], await List(volunteer.Id));
    }

    [Fact]
    public async Task Touching_agreements_do_not_overlap()
    {
        var volunteer = await api.Volunteer();
        var first = await api.Agreement(volunteer.Id, Jan1, Dec31);

        var next = await api.Agreement(volunteer.Id, new LocalDate(2026, 1, 1), new LocalDate(2026, 12, 31));
        var before = await api.Agreement(volunteer.Id, new LocalDate(2024, 1, 1), new LocalDate(2024, 12, 31));

        Assert.Equal([first, next, before], await List(volunteer.Id));
    }

    [Fact]
    public async Task Agreements_of_different_volunteers_may_overlap()
    {
        var anna = await api.Volunteer();
        var bram = await api.Volunteer("Bram", "Visser");
        await api.Agreement(anna.Id, Jan1, Dec31);

        var created = await api.Agreement(bram.Id, Jan1, Dec31);

        Assert.Equal([created], await List(bram.Id));
    }

    [Theory]
    [InlineData(12, "2026-12-31")]
    [InlineData(1, "2026-01-31")]
    [InlineData(2, "2026-02-28")]
    [InlineData(36, "2028-12-31")]
    public async Task Extend_moves_the_end_date_by_months(int months, string expected)
    {
        var volunteer = await api.Volunteer();
        var agreement = await api.Agreement(volunteer.Id, Jan1, Dec31);

        var response = await Extend(volunteer.Id, agreement.Id, months);
        var extended = await response.Read<AgreementResponse>();

        Assert.Equal(agreement with { EndDate = Date(expected) }, extended);
        Assert.Equal("\"2\"", response.Headers.ETag?.Tag);
        Assert.Equal([extended], await List(volunteer.Id));
    }

    /// <summary>
    /// An agreement that runs to the end of a month is extended to the end of a month: June 30 plus one month
    /// is July 31, not July 30 (which would leave a day uncovered before an agreement from August 1).
    /// </summary>
    [Theory]
    [InlineData("2025-06-30", 1, "2025-07-31")]
    [InlineData("2025-02-28", 1, "2025-03-31")]
    [InlineData("2024-02-29", 12, "2025-02-28")]
    [InlineData("2025-04-30", 10, "2026-02-28")]
    [InlineData("2025-01-15", 1, "2025-02-15")]
    [InlineData("2025-01-30", 1, "2025-02-28")]
    [InlineData("2025-03-30", 1, "2025-04-30")]
    public async Task Extend_keeps_a_month_end_at_month_end(string end, int months, string expected)
    {
        var volunteer = await api.Volunteer();
        var agreement = await api.Agreement(volunteer.Id, new LocalDate(2024, 1, 1), Date(end));

        var extended = await (await Extend(volunteer.Id, agreement.Id, months)).Read<AgreementResponse>();

        Assert.Equal(Date(expected), extended.EndDate);
    }

    [Fact]
    public async Task Extend_into_a_later_agreement_is_a_conflict()
    {
        var volunteer = await api.Volunteer();
        var first = await api.Agreement(volunteer.Id, Jan1, Dec31);
        var later = await api.Agreement(volunteer.Id, new LocalDate(2026, 6, 1), new LocalDate(2026, 12, 31));

        await (await Extend(volunteer.Id, first.Id, 6)).Problem(HttpStatusCode.Conflict, "conflict");

        Assert.Equal([first, later], await List(volunteer.Id));
        var upTo = await (await Extend(volunteer.Id, first.Id, 5)).Read<AgreementResponse>();
        Assert.Equal(new LocalDate(2026, 5, 31), upTo.EndDate);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(37)]
    [InlineData(-1)]
    public async Task Extend_months_must_lie_between_1_and_36(int months)
    {
        var volunteer = await api.Volunteer();
        var agreement = await api.Agreement(volunteer.Id, Jan1, Dec31);

        var problem = await (await Extend(volunteer.Id, agreement.Id, months)).Problem(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal(["months"], problem.ErrorFields());
        Assert.Equal([agreement], await List(volunteer.Id));
    }

    [Fact]
    public async Task Extend_with_stale_etag_is_precondition_failed()
    {
        var volunteer = await api.Volunteer();
        var agreement = await api.Agreement(volunteer.Id, Jan1, Dec31);
        await (await Extend(volunteer.Id, agreement.Id, 1)).Read<AgreementResponse>();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/volunteers/{volunteer.Id}/agreements/{agreement.Id}/extend")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new ExtendAgreementRequest(1), options: BurgerbaanApiFactory.Json),
        };
        request.Headers.TryAddWithoutValidation("If-Match", "\"1\"");

        await (await api.Admin().SendAsync(request)).Problem(HttpStatusCode.PreconditionFailed, "precondition_failed");

        Assert.Equal(new LocalDate(2026, 1, 31), Assert.Single(await List(volunteer.Id)).EndDate);
    }

    [Fact]
    public async Task Unknown_volunteer_is_not_found()
    {
        await (await api.Admin().PostJson("/v1/volunteers/999999/agreements", new CreateAgreementRequest(Jan1, Dec31))).Problem(HttpStatusCode.NotFound, "not_found");
        await (await api.Admin().GetAsync("/v1/volunteers/999999/agreements")).Problem(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Agreement_of_another_volunteer_is_not_found()
    {
        var anna = await api.Volunteer();
        var bram = await api.Volunteer("Bram", "Visser");
        var agreement = await api.Agreement(anna.Id, Jan1, Dec31);

        await (await api.Admin().GetAsync($"/v1/volunteers/{bram.Id}/agreements/{agreement.Id}")).Problem(HttpStatusCode.NotFound, "not_found");
        await (await Extend(bram.Id, agreement.Id, 12)).Problem(HttpStatusCode.NotFound, "not_found");
        await (await api.Admin().GetAsync($"/v1/volunteers/{anna.Id}/agreements/999999")).Problem(HttpStatusCode.NotFound, "not_found");

        Assert.Equal([agreement], await List(anna.Id));
    }

    [Fact]
    public async Task Finance_may_create_and_extend_agreements()
    {
        var volunteer = await api.Volunteer();
        var finance = api.Client(ApiRole.Finance);

        var created = await (await finance.PostJson($"/v1/volunteers/{volunteer.Id}/agreements", new CreateAgreementRequest(Jan1, Dec31)))
            .Read<AgreementResponse>(HttpStatusCode.Created);
        var extended = await (await Extend(volunteer.Id, created.Id, 12, finance)).Read<AgreementResponse>();

        Assert.Equal(new LocalDate(2026, 12, 31), extended.EndDate);
    }

    [Theory]
    [InlineData(ApiRole.Partner)]
    [InlineData(ApiRole.Website)]
    public async Task Partner_and_website_may_not_touch_agreements(ApiRole role)
    {
        var volunteer = await api.Volunteer();
        var organisation = await api.Organisation();
        var agreement = await api.Agreement(volunteer.Id, Jan1, Dec31);
        var client = api.Client(role, role == ApiRole.Partner ? organisation.Id : null);

        await (await client.PostJson($"/v1/volunteers/{volunteer.Id}/agreements", new CreateAgreementRequest(new LocalDate(2026, 1, 1), new LocalDate(2026, 2, 1))))
            .Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await client.GetAsync($"/v1/volunteers/{volunteer.Id}/agreements")).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await Extend(volunteer.Id, agreement.Id, 1, client)).Problem(HttpStatusCode.Forbidden, "forbidden");

        Assert.Equal([agreement], await List(volunteer.Id));
    }

    private static LocalDate Date(string text) => NodaTime.Text.LocalDatePattern.Iso.Parse(text).Value;
}
