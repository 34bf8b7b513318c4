using System.Data.Common;
using System.Text.Json;
using Burgerbaan.Api.Data;
using Burgerbaan.Contracts;
using Dapper;
using NodaTime;

namespace Burgerbaan.Api.PaymentBatches;

/// <summary>The payment batch rows and their link to payouts. Methods with a transaction run inside the caller's.</summary>
internal static class PaymentBatchSql
{
    public const string Columns = """
        id AS Id, status AS Status, requested_execution_date AS RequestedExecutionDate, debtor_name AS DebtorName, debtor_iban AS DebtorIban,
        debtor_bic AS DebtorBic, transfer_count AS TransferCount, payout_count AS PayoutCount, control_sum_cents AS ControlSumCents,
        paid_on AS PaidOn, created_at AS CreatedAt, created_by_key_id AS CreatedByKeyId, updated_at AS UpdatedAt, voided_at AS VoidedAt,
        version AS Version
        """;

    internal sealed class Row
    {
        public long Id { get; set; }
        public PaymentBatchStatus Status { get; set; }
        public LocalDate RequestedExecutionDate { get; init; }
        public string DebtorName { get; init; } = "";
        public string DebtorIban { get; init; } = "";
        public string DebtorBic { get; init; } = "";
        public int TransferCount { get; init; }
        public int PayoutCount { get; init; }
        public long ControlSumCents { get; init; }
        public LocalDate? PaidOn { get; set; }
        public Instant CreatedAt { get; init; }
        public long? CreatedByKeyId { get; init; }
        public Instant UpdatedAt { get; set; }
        public Instant? VoidedAt { get; set; }
        public int Version { get; set; }

        public string MessageId => TransferPlan.MessageId(Id, CreatedAt);

        public Pain001Debtor Debtor => new(DebtorName, DebtorIban, DebtorBic);

        public PaymentBatchSummary ToSummary() =>
            new(Id, Status, RequestedExecutionDate, MessageId, TransferCount, PayoutCount, ControlSumCents, PaidOn, CreatedAt, UpdatedAt, VoidedAt);

        public PaymentBatchResponse ToResponse(IReadOnlyList<PaymentTransfer> transfers) =>
            new(Id, Status, RequestedExecutionDate, MessageId, TransferCount, PayoutCount, ControlSumCents, PaidOn, CreatedAt, UpdatedAt, VoidedAt,
                new PaymentBatchDebtor(DebtorName, DebtorIban, DebtorBic), transfers);
    }

    /// <summary>A payout as batch creation judges it: its status, its payee and the batch that holds it (open or paid), if any.</summary>
    internal sealed class Candidate
    {
        public long PayoutId { get; init; }
        public long VolunteerId { get; init; }
        public long AmountCents { get; init; }
        public YearMonth Period { get; init; }
        public PayoutStatus Status { get; init; }
        public string? PayeeName { get; init; }
        public string? PayeeIban { get; init; }
        public long? HeldBy { get; init; }
    }

    // No aliases: on SQL Server a table hint follows the table's name (d.Locked), and an alias would have to come between them.
    private const string CandidateColumns =
        "payouts.id AS PayoutId, payouts.volunteer_id AS VolunteerId, payouts.amount_cents AS AmountCents, payouts.period AS Period, " +
        "payouts.status AS Status, payouts.payee_name AS PayeeName, payouts.payee_iban AS PayeeIban, payment_batch_payouts.payment_batch_id AS HeldBy";

    /// <summary>
    /// The named payouts, or (ids null) every approved payout no batch holds, read under lock (SQL Server: the payouts and the held
    /// links with UPDLOCK, HOLDLOCK, so a racing batch creation waits for this one; SQLite runs one writer at a time).
    /// </summary>
    public static async Task<List<Candidate>> Candidates(DbConnection c, DbTransaction tx, SqlDialect d, IReadOnlyCollection<long>? ids, CancellationToken ct)
    {
        var from = $"FROM {d.Locked("payouts")} LEFT JOIN {d.Locked("payment_batch_payouts")} " +
            "ON payment_batch_payouts.payout_id = payouts.id AND payment_batch_payouts.held = 1";
        var sql = ids is null
            ? $"SELECT {CandidateColumns} {from} WHERE payouts.status = 'approved' AND payment_batch_payouts.payout_id IS NULL ORDER BY payouts.id"
            : $"SELECT {CandidateColumns} {from} WHERE payouts.id IN ({d.JsonValues("@ids")}) ORDER BY payouts.id";
        return (await c.QueryAsync<Candidate>(new CommandDefinition(sql, new { ids = JsonSerializer.Serialize(ids) }, tx, cancellationToken: ct))).AsList();
    }

    public static async Task<long> Insert(DbConnection c, DbTransaction tx, SqlDialect d, Row row, IReadOnlyCollection<long> payoutIds, CancellationToken ct)
    {
        var id = await c.ExecuteScalarAsync<long>(new CommandDefinition(
            "INSERT INTO payment_batches (status, requested_execution_date, debtor_name, debtor_iban, debtor_bic, transfer_count, payout_count, " +
            "control_sum_cents, paid_on, created_at, created_by_key_id, updated_at, voided_at, version) VALUES (@Status, @RequestedExecutionDate, " +
            "@DebtorName, @DebtorIban, @DebtorBic, @TransferCount, @PayoutCount, @ControlSumCents, @PaidOn, @CreatedAt, @CreatedByKeyId, @UpdatedAt, " +
            "@VoidedAt, @Version);" + d.SelectInsertedId, row, tx, cancellationToken: ct));
        // The unique index on held links refuses a payout another batch holds, should any writer get past the check before it.
        await c.ExecuteAsync(new CommandDefinition(
            $"INSERT INTO payment_batch_payouts (payment_batch_id, payout_id, held) SELECT @id, value, 1 FROM ({d.JsonValues("@ids")}) v",
            new { id, ids = JsonSerializer.Serialize(payoutIds) }, tx, cancellationToken: ct));
        return id;
    }

    public static Task<Row?> Find(DbConnection c, DbTransaction? tx, SqlDialect d, long id, CancellationToken ct) =>
        c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM {(tx is null ? "payment_batches" : d.Locked("payment_batches"))} WHERE id = @id", new { id }, tx, cancellationToken: ct));

    private sealed class PayoutLine
    {
        public long PayoutId { get; init; }
        public long VolunteerId { get; init; }
        public long AmountCents { get; init; }
        public YearMonth Period { get; init; }
        public string? PayeeName { get; init; }
        public string? PayeeIban { get; init; }
        public long? SponsorshipId { get; init; }
    }

    /// <summary>The payouts a batch lists (also after it was voided), with the payee fixed at their approval.</summary>
    public static async Task<List<BatchPayout>> Payouts(DbConnection c, DbTransaction? tx, long batchId, CancellationToken ct) =>
        (await c.QueryAsync<PayoutLine>(new CommandDefinition(
            "SELECT p.id AS PayoutId, p.volunteer_id AS VolunteerId, p.amount_cents AS AmountCents, p.period AS Period, p.payee_name AS PayeeName, " +
            "p.payee_iban AS PayeeIban, p.sponsorship_id AS SponsorshipId FROM payment_batch_payouts l JOIN payouts p ON p.id = l.payout_id " +
            "WHERE l.payment_batch_id = @batchId ORDER BY p.id",
            new { batchId }, tx, cancellationToken: ct)))
        .Select(p => new BatchPayout(p.PayoutId, p.VolunteerId, p.AmountCents, p.Period, p.PayeeName ?? "", p.PayeeIban ?? "") { SponsorshipId = p.SponsorshipId })
        .ToList();

    /// <summary>A versioned update of the batch's status; 0 rows when another writer changed it since it was read.</summary>
    public static Task<int> UpdateStatus(DbConnection c, DbTransaction tx, Row row, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(
            "UPDATE payment_batches SET status = @Status, paid_on = @PaidOn, voided_at = @VoidedAt, updated_at = @UpdatedAt, version = version + 1 " +
            "WHERE id = @Id AND version = @Version", row, tx, cancellationToken: ct));
}
