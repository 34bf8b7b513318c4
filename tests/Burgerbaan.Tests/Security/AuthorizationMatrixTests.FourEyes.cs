using System.Net;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;

namespace Burgerbaan.Tests.Security;

/// <summary>
/// Four eyes (issue 10, <c>Finance:FourEyes</c> on by default): beyond the role, approving a payout depends on who created it.
/// The key that created a payout (for a payout run's payouts, the key that started the run) may not approve it, alone or in
/// bulk (409 four_eyes_required, nothing changes); any other admin or finance key may. Cancelling and rejecting are not held.
/// </summary>
public sealed partial class AuthorizationMatrixTests
{
    public enum Creator
    {
        Admin,
        Finance,
    }

    private HttpClient Key(Creator who) => who == Creator.Admin ? world.Admin() : world.Client(ApiRole.Finance);

    private async Task<PayoutResponse> PayoutBy(Creator creator, string marker) =>
        await (await Key(creator).PostJson("/v1/payouts", new CreatePayoutRequest(world.Volunteer.Id, PayoutKind.Travel, 1, SecurityWorld.PayoutMonth, marker)))
            .Read<PayoutResponse>(HttpStatusCode.Created);

    private async Task<PayoutResponse> Stored(long id) => await (await world.Admin().GetAsync($"/v1/payouts/{id}")).Read<PayoutResponse>();

    [Theory]
    [InlineData(Creator.Admin, Creator.Admin, false)]
    [InlineData(Creator.Admin, Creator.Finance, true)]
    [InlineData(Creator.Finance, Creator.Finance, false)]
    [InlineData(Creator.Finance, Creator.Admin, true)]
    public async Task Only_a_key_other_than_the_creator_approves_a_payout(Creator creator, Creator approver, bool allowed)
    {
        var single = await PayoutBy(creator, $"four eyes {creator}/{approver} single");
        var bulk = await PayoutBy(creator, $"four eyes {creator}/{approver} bulk");

        var one = await Key(approver).PostJson($"/v1/payouts/{single.Id}/approve", new PayoutActionRequest());
        var many = await Key(approver).PostJson("/v1/payouts/approve", new BulkPayoutActionRequest([bulk.Id]));

        if (allowed)
        {
            Assert.Equal(PayoutStatus.Approved, (await one.Read<PayoutResponse>()).Status);
            Assert.Equal(PayoutStatus.Approved, (await many.Read<PayoutsResponse>()).Items.Single().Status);
            Assert.Equal((PayoutStatus.Approved, PayoutStatus.Approved), ((await Stored(single.Id)).Status, (await Stored(bulk.Id)).Status));
            return;
        }
        var problem = await one.Problem(HttpStatusCode.Conflict, "four_eyes_required");
        Assert.Equal($"Payout {single.Id} was created by this key (or by a payout run it started); another key must approve it.", (string?)problem["detail"]);
        var bulkProblem = await many.Problem(HttpStatusCode.Conflict, "four_eyes_required");
        Assert.Equal((bulk.Id, "four_eyes_required"), ((long)bulkProblem["failures"]![0]!["id"]!, (string?)bulkProblem["failures"]![0]!["code"]));
        Assert.Equal(single, await Stored(single.Id));
        Assert.Equal(bulk, await Stored(bulk.Id));
    }

    [Theory]
    [InlineData("cancel", PayoutStatus.Cancelled)]
    [InlineData("reject", PayoutStatus.Rejected)]
    public async Task The_creator_may_cancel_and_reject_its_own_payout(string action, PayoutStatus expected)
    {
        var payout = await PayoutBy(Creator.Finance, $"four eyes own {action}");

        var answered = await (await world.Client(ApiRole.Finance).PostJson($"/v1/payouts/{payout.Id}/{action}", new PayoutActionRequest())).Read<PayoutResponse>();

        Assert.Equal(expected, answered.Status);
        Assert.Equal(answered, await Stored(payout.Id));
    }

    [Fact]
    public async Task A_payout_runs_payouts_count_as_created_by_the_key_that_started_the_run()
    {
        // SecurityWorld started its run with the admin key.
        var run = await (await world.Admin().GetAsync($"/v1/payout-runs/{world["payoutRun"]}")).Read<PayoutRunResponse>();
        var payoutId = run.Volunteers.Single(l => l.PayoutId is not null).PayoutId!.Value;

        await (await world.Admin().PostJson($"/v1/payouts/{payoutId}/approve", new PayoutActionRequest())).Problem(HttpStatusCode.Conflict, "four_eyes_required");
        Assert.Equal(PayoutStatus.Pending, (await Stored(payoutId)).Status);

        var approved = await (await world.Client(ApiRole.Finance).PostJson($"/v1/payouts/{payoutId}/approve", new PayoutActionRequest())).Read<PayoutResponse>();
        Assert.Equal(PayoutStatus.Approved, approved.Status);
        Assert.Equal(approved, await Stored(payoutId));
    }
}
