using System.ComponentModel.DataAnnotations;
using NodaTime;

namespace Burgerbaan.Contracts;

/// <summary>submitted (editable by its organisation), approved (payable, not paid yet), rejected (with a reason), paid (approved and paid for by a pending, approved or paid payout; cancelling or rejecting that payout makes it approved again).</summary>
public enum HourStatus
{
    Submitted,
    Approved,
    Rejected,
    Paid,
}

/// <param name="ExternalId">The entry's id in the organisation's own system (1 to 100 characters, not blank, no control characters); entries are upserted by organisation and externalId.</param>
/// <param name="Minutes">1 to 1440.</param>
/// <param name="Description">At most 500 characters.</param>
public sealed record HourEntryInput(
    string ExternalId,
    long PlacementId,
    LocalDate Date,
    int Minutes,
    string? Description = null);

/// <summary>1 to 1,000 entries, accepted or refused as a whole.</summary>
public sealed record SubmitHoursRequest(IReadOnlyList<HourEntryInput> Entries);

/// <param name="PayoutId">The payout that pays for this entry, once one does.</param>
public sealed record HourEntryResponse(
    long Id,
    string ExternalId,
    long PlacementId,
    long OrganisationId,
    long VolunteerId,
    LocalDate Date,
    int Minutes,
    string? Description,
    HourStatus Status,
    string? RejectReason,
    long? PayoutId);

public sealed record HourEntriesResponse(IReadOnlyList<HourEntryResponse> Items);

/// <param name="Reason">Why the hours are rejected (required, at most 500 characters).</param>
public sealed record RejectHoursRequest([property: StringLength(500, MinimumLength = 1)] string Reason);

/// <param name="Ids">1 to 1,000 entry ids, approved as a whole.</param>
public sealed record ApproveHoursRequest(IReadOnlyList<long> Ids);

/// <summary>Minutes per status of one placement in one month; each entry counts under exactly one status, so approved minutes are those no pending, approved or paid payout pays for yet.</summary>
public sealed record HoursSummaryResponse(
    long PlacementId,
    YearMonth Month,
    int SubmittedMinutes,
    int ApprovedMinutes,
    int RejectedMinutes,
    int PaidMinutes);
