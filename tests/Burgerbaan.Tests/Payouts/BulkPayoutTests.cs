using System.Net;
using System.Net.Http.Json;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using NodaTime;

namespace Burgerbaan.Tests.Payouts;

/// <summary>
/// Issue 10: <c>POST /v1/payouts/approve|cancel|reject {ids, reason?}</c>, all or nothing, idempotent, audited per payout, with
/// the single routes' rules. Payouts are created with the admin key and decided with a finance key (four eyes).
/// </summary>
public sealed class BulkPayoutTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    private static Task<HttpResponseMessage> Bulk(HttpClient client, string action, IReadOnlyList<long> ids, string? reason = null, string? idempotencyKey = null)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, $"/v1/payouts/{action}")
        {
            Content = JsonContent.Create(new BulkPayoutActionRequest(ids, reason), options: BurgerbaanApiFactory.Json),
        };
        if (idempotencyKey is not null)
        {
            message.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        return client.SendAsync(message);
    }

    private async Task<PayoutResponse> Get(long id) => await (await api.Admin().GetAsync($"/v1/payouts/{id}")).Read<PayoutResponse>();

    private async Task<List<PayoutResponse>> GetAll(IEnumerable<long> ids)
    {
        var all = new List<PayoutResponse>();
        foreach (var id in ids)
        {
            all.Add(await Get(id));
        }
        return all;
    }

    [Fact]
    public async Task Bulk_approve_approves_every_payout_fixes_each_payee_and_audits_each_with_the_approving_key()
    {
        var anna = await api.Enrol();
        var bram = await api.Enrol();
        var payouts = new[]
        {
            await api.Admin().Pay(PayoutKit.Payout(anna.VolunteerId, 3000, 3)),
            await api.Admin().Pay(PayoutKit.Payout(bram.VolunteerId, 4000, 3)),
            await api.Admin().Pay(PayoutKit.Payout(anna.VolunteerId, 1250, 3, PayoutKind.Expense, receipt: "BON-1")),
        };
        var approver = await api.NewKey(ApiRole.Finance, "bulk approver");
        api.Clock.Advance(Duration.FromMinutes(3));
        var ids = payouts.Select(p => p.Id).Reverse().ToList();

        var answer = await (await Bulk(approver.Client, "approve", ids)).Read<PayoutsResponse>();

        var volunteers = new Dictionary<long, VolunteerResponse>();
        foreach (var id in new[] { anna.VolunteerId, bram.VolunteerId })
        {
            volunteers[id] = await (await api.Admin().GetAsync($"/v1/volunteers/{id}")).Read<VolunteerResponse>();
        }
        var now = api.Clock.GetCurrentInstant();
        var expected = payouts.OrderBy(p => p.Id).Select(p => p with
        {
            Status = PayoutStatus.Approved, UpdatedAt = now, PayeeName = "Anna de Jong", PayeeIban = volunteers[p.VolunteerId].Iban,
        }).ToList();
        Assert.Equal(expected, answer.Items);
        Assert.Equal(expected, await GetAll(expected.Select(p => p.Id)));
        foreach (var payout in expected)
        {
            var last = (await api.Finance().Audit("payout", payout.Id))[^1];
            Assert.Equal(("payout.approved", approver.KeyId, ApiRole.Finance, now), (last.Action, last.ApiKeyId!.Value, last.Role!.Value, last.At));
            Assert.Equal("""{"from":"pending","to":"approved"}""", last.Summary.GetProperty("status").GetRawText());
            Assert.Equal(payout.AmountCents, last.Summary.GetProperty("amountCents").GetInt64());
        }
    }

    [Fact]
    public async Task The_same_ids_again_after_a_success_answer_the_same_and_change_nothing()
    {
        var enrolled = await api.Enrol();
        var ids = new List<long>
        {
            (await api.Admin().Pay(PayoutKit.Payout(enrolled.VolunteerId, 1000, 4))).Id,
            (await api.Admin().Pay(PayoutKit.Payout(enrolled.VolunteerId, 2000, 4))).Id,
        };
        var first = await (await Bulk(api.Finance(), "approve", ids)).Read<PayoutsResponse>();
        api.Clock.Advance(Duration.FromMinutes(1));

        var again = await (await Bulk(api.Finance(), "approve", ids)).Read<PayoutsResponse>();

        Assert.Equal(first.Items, again.Items);
        Assert.Equal(first.Items, await GetAll(ids));
        foreach (var id in ids)
        {
            Assert.Equal(["payout.created", "payout.approved"], (await api.Finance().Audit("payout", id)).Select(e => e.Action));
        }
        var etag = (await api.Admin().GetAsync($"/v1/payouts/{ids[0]}")).Headers.ETag?.Tag;
        Assert.Equal("\"2\"", etag);
    }

    [Fact]
    public async Task An_idempotency_key_replays_the_first_answer()
    {
        var enrolled = await api.Enrol();
        var ids = new List<long> { (await api.Admin().Pay(PayoutKit.Payout(enrolled.VolunteerId, 1000, 5))).Id };
        var first = await Bulk(api.Finance(), "cancel", ids, "verkeerde maand", "bulk-cancel-1");
        var firstBody = await first.Content.ReadAsStringAsync();
        first.EnsureSuccessStatusCode();

        var replay = await Bulk(api.Finance(), "cancel", ids, "verkeerde maand", "bulk-cancel-1");
        var reused = await Bulk(api.Finance(), "cancel", ids, "another reason", "bulk-cancel-1");

        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(firstBody, await replay.Content.ReadAsStringAsync());
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        await reused.Problem(HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
        Assert.Equal(PayoutStatus.Cancelled, (await Get(ids[0])).Status);
        Assert.Equal(["payout.created", "payout.cancelled"], (await api.Finance().Audit("payout", ids[0])).Select(e => e.Action));
    }

    [Fact]
    public async Task A_refused_bulk_names_every_failing_id_and_leaves_every_payout_as_it_was()
    {
        var enrolled = await api.Enrol();
        var fine = await api.Admin().Pay(PayoutKit.Payout(enrolled.VolunteerId, 1000, 6));
        var paid = await api.Admin().Pay(PayoutKit.Payout(enrolled.VolunteerId, 1000, 6));
        (await api.Finance().Act(paid.Id, "approve")).EnsureSuccessStatusCode();
        (await api.Finance().Act(paid.Id, "mark-paid")).EnsureSuccessStatusCode();
        var own = await api.Finance().Pay(PayoutKit.Payout(enrolled.VolunteerId, 1000, 6));
        var noIban = await (await api.Admin().PostJson("/v1/volunteers", new CreateVolunteerRequest("Joris", "de Boer", new LocalDate(1979, 2, 3))))
            .Read<VolunteerResponse>(HttpStatusCode.Created);
        await api.Agreement(noIban.Id, PayoutKit.YearStart, PayoutKit.YearEnd);
        var unpayable = await api.Admin().Pay(PayoutKit.Payout(noIban.Id, 1000, 6));
        const long Unknown = 987654321;
        var ids = new List<long> { Unknown, unpayable.Id, own.Id, paid.Id, fine.Id };
        var before = await GetAll([fine.Id, paid.Id, own.Id, unpayable.Id]);
        var headroom = System.Text.Json.JsonSerializer.Serialize(await api.Admin().Headroom(enrolled.VolunteerId));

        var problem = await (await Bulk(api.Finance(), "approve", ids)).Problem(HttpStatusCode.Conflict, "payout_bulk_refused");

        Assert.Equal("4 of 5 payouts cannot become approved, so none did; see failures.", (string?)problem["detail"]);
        Assert.Equal(
            [
                (paid.Id, "conflict", "A paid payout cannot become approved."),
                (own.Id, "four_eyes_required", $"Payout {own.Id} was created by this key (or by a payout run it started); another key must approve it."),
                (unpayable.Id, "payee_iban_missing", $"Volunteer {noIban.Id} has no valid IBAN, so payout {unpayable.Id} cannot be approved for a transfer; " +
                    $"a coordinator records it first (PATCH /v1/volunteers/{noIban.Id})."),
                (Unknown, "not_found", $"No payout {Unknown}."),
            ],
            problem["failures"]!.AsArray().Select(f => ((long)f!["id"]!, (string)f["code"]!, (string)f["detail"]!)));
        Assert.Equal(before, await GetAll([fine.Id, paid.Id, own.Id, unpayable.Id]));
        Assert.Equal(headroom, System.Text.Json.JsonSerializer.Serialize(await api.Admin().Headroom(enrolled.VolunteerId)));
        Assert.Equal(["payout.created"], (await api.Finance().Audit("payout", fine.Id)).Select(e => e.Action));
    }

    [Fact]
    public async Task Failures_of_one_kind_answer_with_that_code_and_status()
    {
        var enrolled = await api.Enrol();
        var pending = await api.Admin().Pay(PayoutKit.Payout(enrolled.VolunteerId, 1000, 7));

        var unknown = await (await Bulk(api.Finance(), "reject", [pending.Id, 987654320, 987654321])).Problem(HttpStatusCode.NotFound, "not_found");

        Assert.Equal("2 of 3 payouts cannot become rejected, so none did; see failures.", (string?)unknown["detail"]);
        Assert.Equal([987654320L, 987654321L], unknown["failures"]!.AsArray().Select(f => (long)f!["id"]!));
        Assert.Equal(pending, await Get(pending.Id));
    }

    [Theory]
    [InlineData("cancel", PayoutStatus.Cancelled, "payout.cancelled")]
    [InlineData("reject", PayoutStatus.Rejected, "payout.rejected")]
    public async Task Bulk_cancel_and_reject_release_the_totals_and_keep_the_reason_in_each_audit_row(string action, PayoutStatus status, string audited)
    {
        var enrolled = await api.Enrol();
        var pending = await api.Admin().Pay(PayoutKit.Payout(enrolled.VolunteerId, 15000, 8));
        var approved = await api.Admin().Pay(PayoutKit.Payout(enrolled.VolunteerId, 6000, 8));
        (await api.Finance().Act(approved.Id, "approve")).EnsureSuccessStatusCode();
        Assert.Equal(21000, (await api.Admin().Headroom(enrolled.VolunteerId)).MonthCounted(8));

        var answer = await (await Bulk(api.Finance(), action, [approved.Id, pending.Id], "dubbel geboekt")).Read<PayoutsResponse>();

        Assert.Equal([status, status], answer.Items.Select(p => p.Status));
        Assert.Equal(answer.Items, await GetAll([pending.Id, approved.Id]));
        var headroom = await api.Admin().Headroom(enrolled.VolunteerId);
        Assert.Equal((0, 210000), (headroom.MonthCounted(8), headroom.HeadroomCents));
        foreach (var id in new[] { pending.Id, approved.Id })
        {
            var last = (await api.Finance().Audit("payout", id))[^1];
            Assert.Equal((audited, "dubbel geboekt"), (last.Action, last.Summary.GetProperty("reason").GetString()));
        }
        // The month's room is back: a new payout of the full month fits.
        await api.Admin().Pay(PayoutKit.Payout(enrolled.VolunteerId, 21000, 8));
    }

    [Fact]
    public async Task A_thousand_ids_pass_the_count_check_and_are_each_decided()
    {
        var enrolled = await api.Enrol();
        var pending = await api.Admin().Pay(PayoutKit.Payout(enrolled.VolunteerId, 1000, 10));
        var unknown = Enumerable.Range(1, 999).Select(i => 987_650_000L + i).ToList();

        // The limit itself is allowed: the refusal is the unknown ids' 404, not the 400 on the count of ids.
        var problem = await (await Bulk(api.Finance(), "cancel", [pending.Id, .. unknown])).Problem(HttpStatusCode.NotFound, "not_found");

        Assert.Null(problem["errors"]);
        Assert.Equal(unknown, problem["failures"]!.AsArray().Select(f => (long)f!["id"]!));
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["detail"]));
        Assert.Equal(pending, await Get(pending.Id));
    }

    [Fact]
    public async Task A_bulk_writes_its_audit_rows_in_payout_id_order_whatever_order_the_ids_came_in()
    {
        var enrolled = await api.Enrol();
        var ids = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await api.Admin().Pay(PayoutKit.Payout(enrolled.VolunteerId, 1000, 11))).Id);
        }
        var approver = await api.NewKey(ApiRole.Finance, "bulk order");

        var answer = await (await Bulk(approver.Client, "approve", [ids[1], ids[2], ids[0]])).Read<PayoutsResponse>();

        Assert.Equal(ids, answer.Items.Select(p => p.Id));
        var rows = (await (await api.Admin().GetAsync($"/v1/audit?keyId={approver.KeyId}&limit=200")).Read<Page<AuditEntryResponse>>()).Items;
        Assert.Equal(ids.Select(id => ("payout.approved", id)), rows.Select(r => (r.Action, r.EntityId)));
        Assert.Equal(rows.Select(r => r.Id).Order(), rows.Select(r => r.Id));
    }

    public static TheoryData<string, string> BadIds() => new()
    {
        { "[]", "Send 1 to 1,000 payout ids; this request has 0." },
        { "[" + string.Join(",", Enumerable.Range(1, 1001)) + "]", "Send 1 to 1,000 payout ids; this request has 1001." },
        { "[{pending},3,{pending},3]", "Each id once; sent more than once: 3, {pending}." },
    };

    [Theory]
    [MemberData(nameof(BadIds))]
    public async Task Empty_oversized_and_duplicate_id_lists_are_400s_naming_ids_and_change_nothing(string ids, string message)
    {
        var enrolled = await api.Enrol();
        var pending = await api.Admin().Pay(PayoutKit.Payout(enrolled.VolunteerId, 1000, 9));
        var id = pending.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var order = pending.Id < 3 ? $"{id}, 3" : $"3, {id}";

        var response = await api.Finance().SendRaw(HttpMethod.Post, "/v1/payouts/approve", $$"""{"ids":{{ids.Replace("{pending}", id, StringComparison.Ordinal)}}}""");

        var problem = await response.Problem(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(["ids"], problem.ErrorFields());
        Assert.Equal(message.Replace("3, {pending}", order, StringComparison.Ordinal), (string?)problem["errors"]!["ids"]![0]);
        Assert.Equal(pending, await Get(pending.Id));
    }
}
