using NodaTime;

namespace Burgerbaan.Contracts;

/// <summary>
/// Everything the service holds about one volunteer (AVG art. 15 and 20), as one document. Each list is complete (not
/// paged) and oldest first. After a DELETE the profile holds the pseudonym and the reduced date of birth, and
/// <c>pseudonymisation</c> says when the rest is erased.
/// </summary>
/// <param name="Placements">Each with its organisation's name.</param>
/// <param name="SponsorAllocations">The places sponsors fund for the volunteer, with the recorded consent.</param>
/// <param name="Applications">Intake applications that became this volunteer.</param>
/// <param name="ApiKeys">The volunteer's own (self-service) keys; never a secret.</param>
/// <param name="AuditEntries">Audit rows about the volunteer and about their agreements, placements, hour entries, payouts, sponsor allocations, applications, keys, wishes and outside allowances.</param>
/// <param name="Wishes">What the volunteer would like to do, for matching (null when none are recorded).</param>
/// <param name="OutsideAllowances">Allowances declared from other organisations, removed ones included (with removedAt).</param>
public sealed record VolunteerExport(
    Instant ExportedAt,
    VolunteerResponse Volunteer,
    PseudonymisationStatus? Pseudonymisation,
    IReadOnlyList<AgreementResponse> Agreements,
    IReadOnlyList<MyPlacementResponse> Placements,
    IReadOnlyList<HourEntryResponse> Hours,
    IReadOnlyList<PayoutResponse> Payouts,
    IReadOnlyList<AllocationResponse> SponsorAllocations,
    IReadOnlyList<ApplicationResponse> Applications,
    IReadOnlyList<ApiKeyResponse> ApiKeys,
    IReadOnlyList<AuditEntryResponse> AuditEntries,
    VolunteerWishes? Wishes,
    IReadOnlyList<OutsideAllowanceResponse> OutsideAllowances);

/// <summary>A pseudonymised volunteer: when, and the last day their fiscal records are kept.</summary>
/// <param name="RetainUntil">31 December of the seventh year after the year of the last payout (the day of the deletion for a volunteer who was never paid); the retention job erases the rest after it.</param>
public sealed record PseudonymisationStatus(Instant PseudonymisedAt, LocalDate RetainUntil);

/// <summary>What <c>DELETE /v1/volunteers/{id}</c> did. It holds none of the erased values.</summary>
/// <param name="DateOfBirthKept">What the fiscal record keeps of the date of birth: 1 January of the birth year, or the first of the birth month, or the date itself, whichever is the first to keep every paid hour in its legal age band.</param>
/// <param name="RevokedApiKeyIds">The volunteer's keys revoked by the deletion (keys revoked before are not listed).</param>
/// <param name="RedactedAuditEntries">Audit rows whose personal values were replaced by "[erased]".</param>
public sealed record VolunteerPseudonymised(
    long VolunteerId,
    Instant PseudonymisedAt,
    LocalDate RetainUntil,
    LocalDate DateOfBirthKept,
    IReadOnlyList<long> RevokedApiKeyIds,
    int RedactedAuditEntries);
