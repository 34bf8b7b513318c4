using System.Net;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using NodaTime;

namespace Burgerbaan.Tests.Payouts;

/// <summary>The accepted payout's shape and the state machine pending -> approved -> paid, pending|approved -> cancelled|rejected.</summary>
public sealed class PayoutLifecycleTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    [Fact]
    public async Task Accepted_payout_is_pending_with_location_etag_and_its_agreement()
    {
        var enrolled = await api.Enrol();
        var now = api.Clock.GetCurrentInstant();

        var response = await api.Finance().Post(PayoutKit.Payout(enrolled.VolunteerId, 4480, 3, description: "maart, 8 uur"));
        var created = await response.Read<PayoutResponse>(HttpStatusCode.Created);

        Assert.Equal($"/v1/payouts/{created.Id}", response.Headers.Location?.OriginalString);
        var expected = new PayoutResponse(created.Id, enrolled.VolunteerId, enrolled.AgreementId, PayoutKind.Allowance, 4480, new YearMonth(2025, 3),
            PayoutStatus.Pending, "maart, 8 uur", null, now, now, null, null, null, null);
        Assert.Equal(expected, created);
        var read = await api.Admin().GetAsync(response.Headers.Location);
        Assert.Equal("\"1\"", read.Headers.ETag?.Tag);
        Assert.Equal(expected, await read.Read<PayoutResponse>());
        Assert.Equal([expected], await api.Finance().Payouts(enrolled.VolunteerId));
    }

    [Fact]
    public async Task Payout_is_linked_to_the_agreement_that_covers_its_month()
    {
        var volunteer = await api.Volunteer();
        var spring = await api.Agreement(volunteer.Id, new LocalDate(2025, 1, 1), new LocalDate(2025, 6, 30));
        var autumn = await api.Agreement(volunteer.Id, new LocalDate(2025, 7, 1), new LocalDate(2025, 12, 31));

        var june = await api.Finance().Pay(PayoutKit.Payout(volunteer.Id, 1000, 6));
        var september = await api.Finance().Pay(PayoutKit.Payout(volunteer.Id, 1000, 9));

        Assert.Equal(spring.Id, june.AgreementId);
        Assert.Equal(autumn.Id, september.AgreementId);
    }

    public static TheoryData<string[], string, PayoutStatus?> Transitions()
    {
        var data = new TheoryData<string[], string, PayoutStatus?>();
        var start = new Dictionary<PayoutStatus, string[]>
        {
            [PayoutStatus.Pending] = [],
            [PayoutStatus.Approved] = ["approve"],
            [PayoutStatus.Paid] = ["approve", "mark-paid"],
            [PayoutStatus.Cancelled] = ["cancel"],
            [PayoutStatus.Rejected] = ["reject"],
        };
        var legal = new Dictionary<(PayoutStatus, string), PayoutStatus>
        {
            [(PayoutStatus.Pending, "approve")] = PayoutStatus.Approved,
            [(PayoutStatus.Pending, "cancel")] = PayoutStatus.Cancelled,
            [(PayoutStatus.Pending, "reject")] = PayoutStatus.Rejected,
            [(PayoutStatus.Approved, "mark-paid")] = PayoutStatus.Paid,
            [(PayoutStatus.Approved, "cancel")] = PayoutStatus.Cancelled,
            [(PayoutStatus.Approved, "reject")] = PayoutStatus.Rejected,
        };
        foreach (var (from, path) in start)
        {
            foreach (var action in new[] { "approve", "mark-paid", "cancel", "reject" })
            {
                data.Add(path, action, legal.TryGetValue((from, action), out var to) ? to : null);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Transitions))]
    public async Task Only_the_legal_transitions_succeed_and_the_rest_are_conflicts(string[] path, string action, PayoutStatus? expected)
    {
        var enrolled = await api.Enrol();
        var finance = api.Finance();
        // Created by the admin key, decided by the finance key: four eyes lets the creator approve nothing.
        var payout = await api.Admin().Pay(PayoutKit.Payout(enrolled.VolunteerId, 3000, 5));
        foreach (var step in path)
        {
            (await finance.Act(payout.Id, step)).EnsureSuccessStatusCode();
        }
        var before = await (await finance.GetAsync($"/v1/payouts/{payout.Id}")).Read<PayoutResponse>();

        var response = await finance.Act(payout.Id, action);

        if (expected is { } status)
        {
            var after = await response.Read<PayoutResponse>();
            // Approval fixes the payee (issue 10); every other move keeps the payee the payout has.
            var volunteer = await (await finance.GetAsync($"/v1/volunteers/{enrolled.VolunteerId}")).Read<VolunteerResponse>();
            var payee = status == PayoutStatus.Approved ? ("Anna de Jong", volunteer.Iban) : (before.PayeeName, before.PayeeIban);
            Assert.Equal(before with { Status = status, UpdatedAt = after.UpdatedAt, PayeeName = payee.Item1, PayeeIban = payee.Item2 }, after);
            Assert.Equal(after, await (await finance.GetAsync($"/v1/payouts/{payout.Id}")).Read<PayoutResponse>());
            Assert.Equal($"\"{path.Length + 2}\"", response.Headers.ETag?.Tag);
        }
        else
        {
            await response.Problem(HttpStatusCode.Conflict, "conflict");
            Assert.Equal(before, await (await finance.GetAsync($"/v1/payouts/{payout.Id}")).Read<PayoutResponse>());
        }
    }

    [Fact]
    public async Task Transition_records_the_clock_time_as_updated_at()
    {
        var enrolled = await api.Enrol();
        var payout = await api.Admin().Pay(PayoutKit.Payout(enrolled.VolunteerId, 3000, 5));
        api.Clock.Advance(Duration.FromMinutes(30));

        var approved = await (await api.Finance().Act(payout.Id, "approve")).Read<PayoutResponse>();

        Assert.Equal(payout.CreatedAt, approved.CreatedAt);
        Assert.Equal(payout.CreatedAt + Duration.FromMinutes(30), approved.UpdatedAt);
    }

    [Theory]
    [InlineData("GET", "")]
    [InlineData("POST", "/approve")]
    [InlineData("POST", "/mark-paid")]
    [InlineData("POST", "/cancel")]
    [InlineData("POST", "/reject")]
    public async Task Unknown_payout_is_not_found(string method, string suffix)
    {
        var response = await api.Finance().SendAsync(new HttpRequestMessage(new HttpMethod(method), $"/v1/payouts/987654{suffix}"));

        var problem = await response.Problem(HttpStatusCode.NotFound, "not_found");
        Assert.Contains("payout", (string?)problem["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stale_if_match_is_refused_with_412_and_changes_nothing()
    {
        var enrolled = await api.Enrol();
        var finance = api.Finance();
        var payout = await api.Admin().Pay(PayoutKit.Payout(enrolled.VolunteerId, 3000, 5));
        var approved = await finance.Act(payout.Id, "approve", ifMatch: "\"1\"");
        Assert.Equal("\"2\"", approved.Headers.ETag?.Tag);

        await (await finance.Act(payout.Id, "mark-paid", ifMatch: "\"1\"")).Problem(HttpStatusCode.PreconditionFailed, "precondition_failed");

        Assert.Equal(PayoutStatus.Approved, (await (await finance.GetAsync($"/v1/payouts/{payout.Id}")).Read<PayoutResponse>()).Status);
        var paid = await (await finance.Act(payout.Id, "mark-paid", ifMatch: "\"2\"")).Read<PayoutResponse>();
        Assert.Equal(PayoutStatus.Paid, paid.Status);
    }

    [Fact]
    public async Task Reason_is_optional_and_longer_than_500_characters_is_refused()
    {
        var enrolled = await api.Enrol();
        var finance = api.Finance();
        var payout = await finance.Pay(PayoutKit.Payout(enrolled.VolunteerId, 3000, 5));

        var tooLong = await finance.Act(payout.Id, "reject", reason: new string('x', 501));

        Assert.Equal(["reason"], (await tooLong.Problem(HttpStatusCode.BadRequest, "validation_failed")).ErrorFields());
        Assert.Equal(PayoutStatus.Pending, (await (await finance.GetAsync($"/v1/payouts/{payout.Id}")).Read<PayoutResponse>()).Status);
        Assert.Equal(PayoutStatus.Rejected, (await (await finance.Act(payout.Id, "reject", reason: "dubbel ingediend")).Read<PayoutResponse>()).Status);
    }

    [Theory]
    [InlineData(ApiRole.Coordinator)]
    [InlineData(ApiRole.Website)]
    public async Task Only_finance_and_admin_handle_payouts(ApiRole role)
    {
        var enrolled = await api.Enrol();
        var payout = await api.Finance().Pay(PayoutKit.Payout(enrolled.VolunteerId, 3000, 5));
        var other = api.Client(role);

        await (await other.Post(PayoutKit.Payout(enrolled.VolunteerId, 1000, 6))).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await other.GetAsync($"/v1/payouts?volunteerId={enrolled.VolunteerId}")).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await other.GetAsync($"/v1/payouts/{payout.Id}")).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await other.Act(payout.Id, "approve")).Problem(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal([payout], await api.Admin().Payouts(enrolled.VolunteerId));
    }
}
