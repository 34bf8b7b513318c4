using System.ComponentModel.DataAnnotations;
using NodaTime;

namespace Burgerbaan.Contracts;

/// <summary>allowance (for time given), travel (flat travel allowance) and gift count toward the limits;
/// expense (specified actual costs, receipt required) does not.</summary>
public enum PayoutKind
{
    Allowance,
    Travel,
    Gift,
    Expense,
}

/// <summary>pending -> approved -> paid; pending or approved -> cancelled or rejected, which release the amount.</summary>
public enum PayoutStatus
{
    Pending,
    Approved,
    Paid,
    Cancelled,
    Rejected,
}

/// <summary>A payout for one calendar month (period). Refused with 422 when it would break a limit.</summary>
/// <param name="Period">The calendar month the payout is for, yyyy-MM.</param>
/// <param name="ReceiptReference">Required for kind expense: the reference of the receipt.</param>
/// <param name="HourEntryIds">For kind allowance paid for hours: approved, unpaid entries of this volunteer worked in the period (1 to 1,000).
/// The amount may then not exceed the legal hourly maximum for the volunteer's age on each entry's date.</param>
/// <param name="SponsorshipId">Optional: the sponsorship the caller expects the payout to draw on. It must be the one that applies
/// (see README, Sponsors and SROI), else 422 sponsorship_mismatch; leave it out to let the service decide.</param>
public sealed record CreatePayoutRequest(
    long VolunteerId,
    PayoutKind Kind,
    [property: Range(1, 100_000_000)] long AmountCents,
    YearMonth Period,
    [property: StringLength(500)] string? Description = null,
    [property: StringLength(100)] string? ReceiptReference = null,
    IReadOnlyList<long>? HourEntryIds = null,
    long? SponsorshipId = null);

/// <param name="PayoutRunId">The payout run that created this payout; null for a payout created on its own.</param>
/// <param name="SponsorshipId">The sponsorship whose allowance budget the payout draws on; null: funded by the cooperative (no allocation
/// covers the month, or an expense, which never draws).</param>
/// <param name="PayeeName">Who is paid: the volunteer's full name as it was when the payout was approved; null until approved.</param>
/// <param name="PayeeIban">The IBAN paid to, as it was when the payout was approved (a later change of the volunteer's IBAN does not
/// move an approved payout); null until approved.</param>
public sealed record PayoutResponse(
    long Id,
    long VolunteerId,
    long AgreementId,
    PayoutKind Kind,
    long AmountCents,
    YearMonth Period,
    PayoutStatus Status,
    string? Description,
    string? ReceiptReference,
    Instant CreatedAt,
    Instant UpdatedAt,
    long? PayoutRunId,
    long? SponsorshipId,
    string? PayeeName,
    string? PayeeIban);

/// <param name="Reason">Why the payout is rejected or cancelled; kept in the audit trail.</param>
public sealed record PayoutActionRequest([property: StringLength(500)] string? Reason = null);
