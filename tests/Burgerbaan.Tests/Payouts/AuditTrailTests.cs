using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using NodaTime;

namespace Burgerbaan.Tests.Payouts;

/// <summary>Every payout creation, state change and limits change leaves one audit row naming the key and role behind it.</summary>
public sealed class AuditTrailTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    [Fact]
    public async Task Creation_and_each_state_change_are_audited_with_the_callers_key_and_role()
    {
        var enrolled = await api.Enrol();
        var clerk = await api.NewKey(ApiRole.Finance, "finance clerk");
        var treasurer = await api.NewKey(ApiRole.Admin, "treasurer");
        var start = api.Clock.GetCurrentInstant();
        var payout = await clerk.Client.Pay(PayoutKit.Payout(enrolled.VolunteerId, 7000, 2, PayoutKind.Travel));
        api.Clock.Advance(Duration.FromMinutes(5));
        (await treasurer.Client.Act(payout.Id, "approve")).EnsureSuccessStatusCode();
        api.Clock.Advance(Duration.FromMinutes(5));
        (await clerk.Client.Act(payout.Id, "mark-paid")).EnsureSuccessStatusCode();

        var trail = await api.Finance().Audit("payout", payout.Id);

        Assert.Equal(
            [
                ("payout.created", clerk.KeyId, ApiRole.Finance, start),
                ("payout.approved", treasurer.KeyId, ApiRole.Admin, start + Duration.FromMinutes(5)),
                ("payout.paid", clerk.KeyId, ApiRole.Finance, start + Duration.FromMinutes(10)),
            ],
            trail.Select(e => (e.Action, e.ApiKeyId!.Value, e.Role!.Value, e.At)));
        Assert.All(trail, e => Assert.Equal(("payout", payout.Id), (e.Entity, e.EntityId)));
        var created = trail[0].Summary.GetProperty("after");
        Assert.Equal(("pending", "travel", 7000L, "2025-02", enrolled.VolunteerId),
            (created.GetProperty("status").GetString(), created.GetProperty("kind").GetString(), created.GetProperty("amountCents").GetInt64(),
             created.GetProperty("period").GetString(), created.GetProperty("volunteerId").GetInt64()));
        Assert.Equal(("approved", "paid"), Status(trail[2].Summary));
    }

    [Theory]
    [InlineData("cancel", "payout.cancelled")]
    [InlineData("reject", "payout.rejected")]
    public async Task Cancel_and_reject_are_audited_with_their_reason(string action, string audited)
    {
        var enrolled = await api.Enrol();
        var finance = api.Finance();
        var payout = await api.Admin().Pay(PayoutKit.Payout(enrolled.VolunteerId, 7000, 2));
        (await finance.Act(payout.Id, "approve")).EnsureSuccessStatusCode();

        (await finance.Act(payout.Id, action, reason: "verkeerde maand")).EnsureSuccessStatusCode();

        var last = (await finance.Audit("payout", payout.Id))[^1];
        Assert.Equal(audited, last.Action);
        Assert.Equal(("approved", action == "cancel" ? "cancelled" : "rejected"), Status(last.Summary));
        Assert.Equal("verkeerde maand", last.Summary.GetProperty("reason").GetString());
        Assert.Equal(7000, last.Summary.GetProperty("amountCents").GetInt64());
    }

    [Fact]
    public async Task Refused_requests_leave_no_audit_row()
    {
        var enrolled = await api.Enrol();
        var finance = api.Finance();
        var payout = await finance.Pay(PayoutKit.Payout(enrolled.VolunteerId, 21000, 2));

        await (await finance.Post(PayoutKit.Payout(enrolled.VolunteerId, 1, 2))).Problem(HttpStatusCode.UnprocessableEntity, "monthly_cap_exceeded");
        await (await finance.Act(payout.Id, "mark-paid")).Problem(HttpStatusCode.Conflict, "conflict");
        await (await finance.Act(payout.Id, "approve", ifMatch: "\"7\"")).Problem(HttpStatusCode.PreconditionFailed, "precondition_failed");

        Assert.Equal(["payout.created"], (await finance.Audit("payout", payout.Id)).Select(e => e.Action));
        Assert.Equal(1, (await api.StoredFor(enrolled.VolunteerId)).AuditRows);
    }

    [Fact]
    public async Task Limits_changes_are_audited_with_before_and_after()
    {
        var admin = await api.NewKey(ApiRole.Admin, "limits admin");
        (await admin.Client.PutLimits(2034, new PutAllowanceLimitsRequest(220000, 22000, 580, 340))).EnsureSuccessStatusCode();
        (await admin.Client.PutLimits(2034, new PutAllowanceLimitsRequest(230000, 22000, 590, 340), "\"1\"")).EnsureSuccessStatusCode();
        await (await admin.Client.PutLimits(2034, new PutAllowanceLimitsRequest(230000, 23000, 590, 591), "\"2\""))
            .Problem(HttpStatusCode.BadRequest, "validation_failed");
        (await admin.Client.PutLimits(2034, new PutAllowanceLimitsRequest(230000, 23000, 590, 350), "\"2\"")).EnsureSuccessStatusCode();

        var trail = await api.Admin().Audit("allowance_limits", 2034);

        Assert.Equal([("allowance_limits.created", admin.KeyId, ApiRole.Admin), ("allowance_limits.changed", admin.KeyId, ApiRole.Admin),
                ("allowance_limits.changed", admin.KeyId, ApiRole.Admin)],
            trail.Select(e => (e.Action, e.ApiKeyId!.Value, e.Role!.Value)));
        Assert.False(trail[0].Summary.TryGetProperty("before", out _));
        Assert.Equal("""{"annualCents":220000,"monthlyCents":22000,"hourlyCents":580,"hourlyUnder21Cents":340}""",
            trail[0].Summary.GetProperty("after").GetRawText());
        // A change holds only the figures that changed.
        Assert.Equal("""{"before":{"annualCents":220000,"hourlyCents":580},"after":{"annualCents":230000,"hourlyCents":590}}""",
            trail[1].Summary.GetRawText());
        Assert.Equal("""{"before":{"monthlyCents":22000,"hourlyUnder21Cents":340},"after":{"monthlyCents":23000,"hourlyUnder21Cents":350}}""",
            trail[2].Summary.GetRawText());
    }

    [Fact]
    public async Task Audit_trail_filters_by_entity_and_pages()
    {
        var enrolled = await api.Enrol();
        var finance = api.Finance();
        var payout = await api.Admin().Pay(PayoutKit.Payout(enrolled.VolunteerId, 1000, 9));
        (await finance.Act(payout.Id, "approve")).EnsureSuccessStatusCode();
        (await finance.Act(payout.Id, "mark-paid")).EnsureSuccessStatusCode();

        var first = await (await finance.GetAsync($"/v1/audit?entity=payout&entityId={payout.Id}&limit=2")).Read<Page<AuditEntryResponse>>();
        var second = await (await finance.GetAsync($"/v1/audit?entity=payout&entityId={payout.Id}&limit=2&cursor={Uri.EscapeDataString(first.NextCursor!)}"))
            .Read<Page<AuditEntryResponse>>();

        Assert.Equal(["payout.created", "payout.approved", "payout.paid"], first.Items.Concat(second.Items).Select(e => e.Action));
        Assert.Null(second.NextCursor);
        Assert.Empty((await (await finance.GetAsync($"/v1/audit?entity=allowance_limits&entityId={payout.Id}")).Read<Page<AuditEntryResponse>>()).Items);
    }

    [Theory]
    [InlineData(ApiRole.Coordinator)]
    [InlineData(ApiRole.Website)]
    public async Task Only_finance_and_admin_read_the_audit_trail(ApiRole role)
    {
        await (await api.Client(role).GetAsync("/v1/audit?entity=payout")).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await api.Anonymous().GetAsync("/v1/audit")).Problem(HttpStatusCode.Unauthorized, "unauthorized");
    }

    private static (string?, string?) Status(JsonElement summary) =>
        (summary.GetProperty("status").GetProperty("from").GetString(), summary.GetProperty("status").GetProperty("to").GetString());
}
