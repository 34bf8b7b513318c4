using Burgerbaan.Api.Common;
using Burgerbaan.Contracts;
using CsvHelper.Configuration.Attributes;
using Dapper;

namespace Burgerbaan.Api.Payouts;

/// <summary>The payouts list as CSV: one row per payout, the JSON fields in snake_case (README, CSV exports).</summary>
internal static class PayoutCsv
{
    internal sealed class Row
    {
        [Name("id"), Index(0)] public long Id { get; init; }
        [Name("volunteer_id"), Index(1)] public long VolunteerId { get; init; }
        [Name("agreement_id"), Index(2)] public long AgreementId { get; init; }
        [Name("kind"), Index(3)] public required string Kind { get; init; }
        [Name("amount_cents"), Index(4)] public long AmountCents { get; init; }
        [Name("period"), Index(5)] public required string Period { get; init; }
        [Name("status"), Index(6)] public required string Status { get; init; }
        [Name("description"), Index(7)] public string? Description { get; init; }
        [Name("receipt_reference"), Index(8)] public string? ReceiptReference { get; init; }
        [Name("created_at"), Index(9)] public required string CreatedAt { get; init; }
        [Name("updated_at"), Index(10)] public required string UpdatedAt { get; init; }
        [Name("payout_run_id"), Index(11)] public long? PayoutRunId { get; init; }
        [Name("sponsorship_id"), Index(12)] public long? SponsorshipId { get; init; }
        [Name("payee_name"), Index(13)] public string? PayeeName { get; init; }
        [Name("payee_iban"), Index(14)] public string? PayeeIban { get; init; }
    }

    public static readonly CsvExample Example = new(
        "id,volunteer_id,agreement_id,kind,amount_cents,period,status,description,receipt_reference,created_at,updated_at,payout_run_id,sponsorship_id,payee_name,payee_iban\r\n" +
        "42,7,3,allowance,8900,2025-03,pending,March hours,,2025-04-02T08:15:00Z,2025-04-02T08:15:00Z,,5,,\r\n" +
        "43,7,3,expense,1250,2025-03,paid,\"Bus, two trips\",BON-77,2025-04-02T08:16:00Z,2025-04-09T10:00:00Z,,,Anna de Jong,NL91ABNA0417164300\r\n");

    public static CsvResult Export(PayoutEndpoints.ListCriteria criteria)
    {
        var sql = criteria.AllSql();
        return CsvExport.Stream("payouts.csv", (c, ct) => c.QueryUnbufferedAsync<PayoutSql.Row>(sql, criteria.Args(0, 0)).Select(ToRow, ct));
    }

    private static Row ToRow(PayoutSql.Row p) => new()
    {
        Id = p.Id, VolunteerId = p.VolunteerId, AgreementId = p.AgreementId, Kind = CsvExport.Name(p.Kind), AmountCents = p.AmountCents,
        Period = CsvExport.Month(p.Period), Status = CsvExport.Name(p.Status), Description = p.Description, ReceiptReference = p.ReceiptReference,
        CreatedAt = CsvExport.Instant(p.CreatedAt), UpdatedAt = CsvExport.Instant(p.UpdatedAt), PayoutRunId = p.PayoutRunId, SponsorshipId = p.SponsorshipId,
        PayeeName = p.PayeeName, PayeeIban = p.PayeeIban,
    };
}
