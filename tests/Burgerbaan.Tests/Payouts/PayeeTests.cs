using System.Net;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using NodaTime;

namespace Burgerbaan.Tests.Payouts;

/// <summary>Issue 10: at approval a payout fixes its payee (full name and IBAN as the volunteer's record says then).</summary>
public sealed class PayeeTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    private static int _born;

    private async Task<VolunteerResponse> Volunteer(string? iban)
    {
        var request = new CreateVolunteerRequest("Fatima", "El Amrani", new LocalDate(1985, 6, 1).PlusDays(Interlocked.Increment(ref _born)), Iban: iban);
        var volunteer = await (await api.Admin().PostJson("/v1/volunteers", request)).Read<VolunteerResponse>(HttpStatusCode.Created);
        await api.Agreement(volunteer.Id, PayoutKit.YearStart, PayoutKit.YearEnd);
        return volunteer;
    }

    private async Task PatchVolunteer(long id, UpdateVolunteerRequest change)
    {
        var read = await api.Admin().GetAsync($"/v1/volunteers/{id}");
        read.EnsureSuccessStatusCode();
        (await api.Admin().Patch($"/v1/volunteers/{id}", change, read.Headers.ETag!.Tag)).EnsureSuccessStatusCode();
    }

    private async Task<PayoutResponse> Get(long id) => await (await api.Admin().GetAsync($"/v1/payouts/{id}")).Read<PayoutResponse>();

    [Fact]
    public async Task Approval_fixes_the_payee_as_the_record_says_then_and_a_later_change_does_not_move_it()
    {
        var iban = Seed.NextIban();
        var volunteer = await Volunteer(iban);
        var payout = await api.Admin().Pay(PayoutKit.Payout(volunteer.Id, 5000, 4));
        var pending = await Get(payout.Id);
        Assert.Equal((PayoutStatus.Pending, (string?)null, (string?)null), (pending.Status, pending.PayeeName, pending.PayeeIban));

        var approved = await (await api.Finance().Act(payout.Id, "approve")).Read<PayoutResponse>();
        await PatchVolunteer(volunteer.Id, new UpdateVolunteerRequest(LastName: "Bakker", Iban: Seed.NextIban()));

        var expected = pending with { Status = PayoutStatus.Approved, UpdatedAt = approved.UpdatedAt, PayeeName = "Fatima El Amrani", PayeeIban = iban };
        Assert.Equal(expected, approved);
        Assert.Equal(expected, await Get(payout.Id));
        Assert.Equal([expected], await api.Finance().Payouts(volunteer.Id));
        // Marking it paid keeps the payee it was approved for.
        (await api.Admin().Act(payout.Id, "mark-paid")).EnsureSuccessStatusCode();
        Assert.Equal(("Fatima El Amrani", iban), ((await Get(payout.Id)).PayeeName, (await Get(payout.Id)).PayeeIban));
    }

    [Fact]
    public async Task The_payee_iban_is_stored_as_validated_without_spaces_in_capitals()
    {
        var iban = Seed.NextIban();
        var volunteer = await Volunteer(string.Join(' ', iban.Chunk(4).Select(c => new string(c))).ToLowerInvariant());
        var payout = await api.Admin().Pay(PayoutKit.Payout(volunteer.Id, 5000, 5));

        (await api.Finance().Act(payout.Id, "approve")).EnsureSuccessStatusCode();

        Assert.Equal(iban, (await Get(payout.Id)).PayeeIban);
    }

    [Fact]
    public async Task A_volunteer_without_an_iban_cannot_be_approved_and_nothing_changes()
    {
        var volunteer = await Volunteer(iban: null);
        var payout = await api.Admin().Pay(PayoutKit.Payout(volunteer.Id, 5000, 6));

        var problem = await (await api.Finance().Act(payout.Id, "approve")).Problem(HttpStatusCode.UnprocessableEntity, "payee_iban_missing");

        Assert.Equal($"Volunteer {volunteer.Id} has no valid IBAN, so payout {payout.Id} cannot be approved for a transfer; " +
            $"a coordinator records it first (PATCH /v1/volunteers/{volunteer.Id}).", (string?)problem["detail"]);
        Assert.Equal(volunteer.Id, (long?)problem["volunteerId"]);
        var stored = await api.Admin().GetAsync($"/v1/payouts/{payout.Id}");
        Assert.Equal("\"1\"", stored.Headers.ETag?.Tag);
        Assert.Equal(payout, await stored.Read<PayoutResponse>());
        Assert.Equal(["payout.created"], (await api.Finance().Audit("payout", payout.Id)).Select(e => e.Action));

        // Cancelling needs no payee; once the IBAN is recorded the next payout is approved with it.
        var iban = Seed.NextIban();
        await PatchVolunteer(volunteer.Id, new UpdateVolunteerRequest(Iban: iban));
        var approved = await (await api.Finance().Act(payout.Id, "approve")).Read<PayoutResponse>();
        Assert.Equal(("Fatima El Amrani", iban), (approved.PayeeName, approved.PayeeIban));
    }

    [Fact]
    public async Task Cancel_and_reject_need_no_iban_and_fix_no_payee()
    {
        var volunteer = await Volunteer(iban: null);
        var first = await api.Admin().Pay(PayoutKit.Payout(volunteer.Id, 1000, 7));
        var second = await api.Admin().Pay(PayoutKit.Payout(volunteer.Id, 1000, 8));

        var cancelled = await (await api.Finance().Act(first.Id, "cancel")).Read<PayoutResponse>();
        var rejected = await (await api.Finance().Act(second.Id, "reject", reason: "dubbel")).Read<PayoutResponse>();

        Assert.Equal((PayoutStatus.Cancelled, (string?)null, (string?)null), (cancelled.Status, cancelled.PayeeName, cancelled.PayeeIban));
        Assert.Equal(cancelled, await Get(first.Id));
        Assert.Equal(rejected, await Get(second.Id));
        Assert.Null(rejected.PayeeIban);
    }

    [Theory]
    [InlineData(ApiRole.Coordinator)]
    [InlineData(ApiRole.Website)]
    [InlineData(ApiRole.Partner)]
    public async Task Payees_are_read_by_finance_and_admin_only(ApiRole role)
    {
        var volunteer = await Volunteer(Seed.NextIban());
        var organisation = await api.Organisation();
        await api.Placement(volunteer.Id, organisation.Id);
        var payout = await api.Admin().Pay(PayoutKit.Payout(volunteer.Id, 1000, 9));
        (await api.Finance().Act(payout.Id, "approve")).EnsureSuccessStatusCode();
        var client = api.Client(role, role == ApiRole.Partner ? organisation.Id : null);

        // A partner of the volunteer's own organisation included (sponsor keys: the authorization matrix).
        await (await client.GetAsync($"/v1/payouts/{payout.Id}")).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await client.GetAsync($"/v1/payouts?volunteerId={volunteer.Id}")).Problem(HttpStatusCode.Forbidden, "forbidden");
    }
}
