using System.Globalization;
using Burgerbaan.Contracts;
using NodaTime;

namespace Burgerbaan.Api.PaymentBatches;

/// <summary>A payout as a batch pays it: the payee (name and IBAN) fixed at its approval.</summary>
public sealed record BatchPayout(long PayoutId, long VolunteerId, long AmountCents, YearMonth Period, string PayeeName, string PayeeIban)
{
    /// <summary>The sponsorship the payout drew on; only the audit rows of a batch's mark-paid carry it, as the single mark-paid's do.</summary>
    public long? SponsorshipId { get; init; }
}

/// <summary>
/// How a batch's payouts become credit transfers: one per volunteer, the sum of their payouts (a volunteer paid for ten months at
/// once gets one transfer), with remittance information naming the months. Should a volunteer's payouts carry different IBANs (the
/// account changed between two approvals), each IBAN gets its own transfer: the money goes where each approval fixed it.
/// </summary>
public static class TransferPlan
{
    public const string RemittancePrefix = "Vrijwilligersvergoeding";

    public static IReadOnlyList<PaymentTransfer> Transfers(long batchId, IEnumerable<BatchPayout> payouts)
    {
        var transfers = new List<PaymentTransfer>();
        foreach (var volunteer in payouts.GroupBy(p => p.VolunteerId).OrderBy(g => g.Key))
        {
            var accounts = volunteer.GroupBy(p => p.PayeeIban).OrderBy(g => g.Min(p => p.PayoutId)).ToList();
            for (var i = 0; i < accounts.Count; i++)
            {
                var lines = accounts[i].OrderBy(p => p.PayoutId).ToList();
                transfers.Add(new PaymentTransfer(
                    volunteer.Key,
                    EndToEndId(batchId, volunteer.Key, i),
                    lines.Sum(p => p.AmountCents),
                    // The latest approval's spelling of the name, should it have been corrected in between.
                    SepaText.Fit(lines[^1].PayeeName, SepaText.NameLength),
                    accounts[i].Key,
                    Remittance(lines.Select(p => p.Period)),
                    lines.Select(p => p.PayoutId).ToList()));
            }
        }
        return transfers;
    }

    /// <summary>BB-B{batch}-V{volunteer}, with -2, -3 for a volunteer's further accounts: at most 35 characters for any id.</summary>
    public static string EndToEndId(long batchId, long volunteerId, int account) =>
        string.Create(CultureInfo.InvariantCulture, $"BB-B{batchId}-V{volunteerId}") + (account == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $"-{account + 1}"));

    /// <summary>
    /// "Vrijwilligersvergoeding 2025-03, 2025-04": the months in order. When they do not fit in 140 characters, runs of consecutive
    /// months are written as "2024-01 t/m 2024-12"; should even that not fit, the text is cut.
    /// </summary>
    public static string Remittance(IEnumerable<YearMonth> periods)
    {
        var months = periods.Distinct().Order().ToList();
        var plain = RemittancePrefix + " " + string.Join(", ", months.Select(Iso));
        if (plain.Length <= SepaText.RemittanceLength)
        {
            return plain;
        }
        var runs = new List<string>();
        for (var i = 0; i < months.Count;)
        {
            var j = i;
            while (j + 1 < months.Count && months[j].PlusMonths(1) == months[j + 1])
            {
                j++;
            }
            runs.Add(j == i ? Iso(months[i]) : $"{Iso(months[i])} t/m {Iso(months[j])}");
            i = j + 1;
        }
        return SepaText.Fit(RemittancePrefix + " " + string.Join(", ", runs), SepaText.RemittanceLength);
    }

    private static string Iso(YearMonth month) => string.Create(CultureInfo.InvariantCulture, $"{month.Year:D4}-{month.Month:D2}");

    /// <summary>The pain.001 message id of a batch: unique per batch, and per database by its creation second.</summary>
    public static string MessageId(long batchId, Instant createdAt) =>
        string.Create(CultureInfo.InvariantCulture, $"BB-PB{batchId}-{createdAt.InUtc():yyyyMMddHHmmss}");
}
