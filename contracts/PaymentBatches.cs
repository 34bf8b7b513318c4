using System.ComponentModel.DataAnnotations;
using NodaTime;

namespace Burgerbaan.Contracts;

/// <summary>open (its payouts are held: nothing else may pay, cancel or reject them) -> paid, or open -> voided (its payouts are free again).</summary>
public enum PaymentBatchStatus
{
    Open,
    Paid,
    Voided,
}

/// <summary>A SEPA credit transfer batch of approved payouts, one transfer per volunteer.</summary>
/// <param name="RequestedExecutionDate">The day the bank is asked to execute the transfers (yyyy-MM-dd): today (Europe/Amsterdam) up to a year ahead.</param>
/// <param name="PayoutIds">The approved payouts to pay (1 to 1,000); left out: every approved payout that no open or paid batch holds.</param>
public sealed record CreatePaymentBatchRequest(
    LocalDate RequestedExecutionDate,
    IReadOnlyList<long>? PayoutIds = null);

/// <param name="PaidOn">The day the bank executed the transfers (yyyy-MM-dd), not after today.</param>
public sealed record MarkPaymentBatchPaidRequest(LocalDate PaidOn);

/// <summary>The cooperative's account the transfers leave from (configuration Finance:Debtor), as written into the batch's file.</summary>
public sealed record PaymentBatchDebtor(string Name, string Iban, string Bic);

/// <summary>One credit transfer: the sum of one volunteer's payouts in the batch, as the file sends it.</summary>
/// <param name="EndToEndId">BB-B{batch}-V{volunteer}: leads the bank statement back to the batch and the volunteer.</param>
/// <param name="CreditorName">The payee's name fixed at approval, transliterated to the SEPA character set and cut to 70 characters.</param>
/// <param name="CreditorIban">The payee's IBAN fixed at approval.</param>
/// <param name="RemittanceInformation">"Vrijwilligersvergoeding" and the months paid, at most 140 characters.</param>
public sealed record PaymentTransfer(
    long VolunteerId,
    string EndToEndId,
    long AmountCents,
    string CreditorName,
    string CreditorIban,
    string RemittanceInformation,
    IReadOnlyList<long> PayoutIds);

/// <summary>A payment batch without its transfers, as lists show it.</summary>
/// <param name="MessageId">The pain.001 message id (GrpHdr/MsgId), unique per batch.</param>
/// <param name="TransferCount">Credit transfers in the file: one per volunteer (NbOfTxs).</param>
/// <param name="ControlSumCents">The sum of the batch's payouts (CtrlSum).</param>
/// <param name="PaidOn">The day the bank executed it; set by mark-paid.</param>
public sealed record PaymentBatchSummary(
    long Id,
    PaymentBatchStatus Status,
    LocalDate RequestedExecutionDate,
    string MessageId,
    int TransferCount,
    int PayoutCount,
    long ControlSumCents,
    LocalDate? PaidOn,
    Instant CreatedAt,
    Instant UpdatedAt,
    Instant? VoidedAt);

/// <summary>A payment batch with its debtor and its transfers.</summary>
public sealed record PaymentBatchResponse(
    long Id,
    PaymentBatchStatus Status,
    LocalDate RequestedExecutionDate,
    string MessageId,
    int TransferCount,
    int PayoutCount,
    long ControlSumCents,
    LocalDate? PaidOn,
    Instant CreatedAt,
    Instant UpdatedAt,
    Instant? VoidedAt,
    PaymentBatchDebtor Debtor,
    IReadOnlyList<PaymentTransfer> Transfers);

/// <summary>Why a payment batch is voided; kept in the audit trail.</summary>
public sealed record VoidPaymentBatchRequest([property: StringLength(500)] string? Reason = null);
