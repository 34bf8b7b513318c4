using System.Net;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using Burgerbaan.Tests.Payouts;
using Dapper;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Burgerbaan.Tests.PaymentBatches;

/// <summary>What a batch takes and what it refuses, each refusal asserted whole and followed by the state it left.</summary>
public sealed class PaymentBatchRefusalTests(DebtorApiFactory api) : IClassFixture<DebtorApiFactory>
{
    [Fact]
    public async Task Without_ids_a_batch_takes_every_approved_payout_no_batch_holds_and_then_nothing_is_left()
    {
        var (volunteer, approved) = await api.Approved("Fatima", "El Amrani", 9000, 8000);
        var pending = await api.Admin().Pay(PayoutKit.Payout(volunteer.Id, 500, 3));
        var before = await api.Admin().AllBatches();

        var batch = await api.Admin().Batch().Created();
        var again = await api.Finance().Batch();

        Assert.Equal(approved.Select(p => p.Id), (await api.Admin().GetBatch(batch.Id)).Transfers.SelectMany(t => t.PayoutIds));
        var problem = await again.Problem(HttpStatusCode.UnprocessableEntity, "payment_batch_empty");
        Assert.Equal("No approved payout is left that no open or paid batch holds.", (string?)problem["detail"]);
        Assert.Equal(PayoutStatus.Pending, (await api.Finance().GetPayout(pending.Id)).Status);
        Assert.Equal(before.Count + 1, (await api.Admin().AllBatches()).Count);
    }

    [Fact]
    public async Task Named_payouts_that_are_unknown_not_approved_or_batched_already_are_refused_by_id_and_nothing_is_stored()
    {
        var (volunteer, approved) = await api.Approved("Bram", "Visser", 4000, 3000);
        var pending = await api.Admin().Pay(PayoutKit.Payout(volunteer.Id, 700, 3));
        var taken = await api.Finance().Batch(approved[0].Id).Created();
        var before = await api.Admin().AllBatches();

        var unknown = await (await api.Finance().Batch(approved[1].Id, 987654321)).Problem(HttpStatusCode.BadRequest, "validation_failed");
        var unapproved = await (await api.Finance().Batch(approved[1].Id, pending.Id)).Problem(HttpStatusCode.UnprocessableEntity, "payout_not_approved");
        var batched = await (await api.Finance().Batch(approved[1].Id, approved[0].Id)).Problem(HttpStatusCode.Conflict, "payout_already_batched");

        Assert.Equal(["No payout with id 987654321."], unknown["errors"]!["payoutIds"]!.AsArray().Select(n => (string)n!));
        Assert.Equal([pending.Id], unapproved["payoutIds"]!.AsArray().Select(n => (long)n!));
        Assert.Equal($"Only approved payouts are paid; payout(s) {pending.Id} are not approved.", (string?)unapproved["detail"]);
        Assert.Equal([approved[0].Id], batched["payoutIds"]!.AsArray().Select(n => (long)n!));
        Assert.Equal([taken.Id], batched["paymentBatchIds"]!.AsArray().Select(n => (long)n!));
        Assert.Equal(before, await api.Admin().AllBatches());
        Assert.Equal(PayoutStatus.Approved, (await api.Finance().GetPayout(approved[1].Id)).Status);
    }

    [Fact]
    public async Task A_requested_execution_date_in_the_past_or_over_a_year_ahead_and_a_bad_id_list_are_400s()
    {
        var (_, approved) = await api.Approved("Kees", "Bakker", 1000);
        var before = await api.Admin().AllBatches();

        foreach (var day in new[] { new LocalDate(2025, 3, 13), new LocalDate(2026, 3, 15) })
        {
            var problem = await (await api.Finance().PostJson("/v1/payment-batches", new CreatePaymentBatchRequest(day, [approved[0].Id])))
                .Problem(HttpStatusCode.BadRequest, "validation_failed");
            Assert.Equal(["requestedExecutionDate"], problem.ErrorFields());
        }
        var empty = await (await api.Finance().PostJson("/v1/payment-batches", new CreatePaymentBatchRequest(BatchKit.Execution, [])))
            .Problem(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(["payoutIds"], empty.ErrorFields());
        Assert.Equal(before, await api.Admin().AllBatches());
    }

    [Fact]
    public async Task A_payout_approved_before_payees_were_fixed_is_refused_as_payee_missing()
    {
        var (_, approved) = await api.Approved("Lotte", "Smit", 2500, 2600);
        // A payout approved before migration 0015 has no payee; nothing the API does today leaves one so.
        await using (var connection = new SqliteConnection(api.ConnectionString))
        {
            await connection.ExecuteAsync("UPDATE payouts SET payee_name = NULL, payee_iban = NULL WHERE id = @id", new { id = approved[0].Id });
        }
        var before = await api.Admin().AllBatches();

        var problem = await (await api.Finance().Batch(approved.Select(p => p.Id).ToArray())).Problem(HttpStatusCode.UnprocessableEntity, "payout_payee_missing");

        Assert.Equal([approved[0].Id], problem["payoutIds"]!.AsArray().Select(n => (long)n!));
        Assert.Equal(before, await api.Admin().AllBatches());
        var batch = await api.Finance().Batch(approved[1].Id).Created();
        Assert.Equal(2600, (await api.Finance().GetBatch(batch.Id)).ControlSumCents);
    }

    [Fact]
    public async Task Two_batches_racing_for_the_same_payouts_end_with_exactly_one_holding_them()
    {
        for (var round = 0; round < 5; round++)
        {
            var (_, approved) = await api.Approved("Race", $"Loper {round}", 1000 + round, 2000 + round);
            var ids = approved.Select(p => p.Id).ToArray();
            var before = await api.Admin().AllBatches();

            var answers = await Task.WhenAll(api.Finance().Batch(ids), api.Admin().Batch(ids));

            var won = Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
            var lost = Assert.Single(answers, a => a.StatusCode != HttpStatusCode.Created);
            var winner = await won.Read<PaymentBatchResponse>(HttpStatusCode.Created);
            var problem = await lost.Problem(HttpStatusCode.Conflict, "payout_already_batched");
            Assert.Equal(ids, problem["payoutIds"]!.AsArray().Select(n => (long)n!));
            Assert.Equal([winner.Id], problem["paymentBatchIds"]!.AsArray().Select(n => (long)n!));
            var after = await api.Admin().AllBatches();
            Assert.Equal(before.Count + 1, after.Count);
            Assert.Equal(ids, (await api.Admin().GetBatch(winner.Id)).Transfers.Single().PayoutIds);
        }
    }

    [Fact]
    public async Task Lists_are_keyset_paged_and_filter_by_status()
    {
        var (_, approved) = await api.Approved("Page", "Zoeker", 100, 200, 300);
        var first = await api.Finance().Batch(approved[0].Id).Created();
        var second = await api.Finance().Batch(approved[1].Id).Created();
        await (await api.Finance().Void(second.Id)).Read<PaymentBatchResponse>();
        var third = await api.Finance().Batch(approved[2].Id).Created();

        var voided = await api.Admin().AllBatches("&status=voided");
        var page = await (await api.Admin().GetAsync($"/v1/payment-batches?status=open&limit=1&cursor={Paging(first.Id)}")).Read<Page<PaymentBatchSummary>>();

        Assert.Contains(voided, b => b.Id == second.Id);
        Assert.All(voided, b => Assert.Equal(PaymentBatchStatus.Voided, b.Status));
        Assert.Equal([third.Id], page.Items.Select(b => b.Id));
        Assert.Equal((await api.Admin().GetBatch(third.Id)).MessageId, page.Items[0].MessageId);
    }

    private static string Paging(long after) => Burgerbaan.Api.Common.Paging.Encode(after);
}
