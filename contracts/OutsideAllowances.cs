using System.ComponentModel.DataAnnotations;
using NodaTime;

namespace Burgerbaan.Contracts;

/// <summary>What a volunteer received from an organisation outside the scheme: every kind counts toward the limits
/// (reimbursed actual costs do not count and are not declared).</summary>
public enum OutsideAllowanceKind
{
    Allowance,
    Travel,
    Gift,
}

/// <summary>An allowance the volunteer receives for one calendar month from an organisation outside the scheme. It counts toward the
/// same monthly and annual limits as the scheme's payouts. It is recorded even when it takes the volunteer past a limit (then
/// <c>overLimit</c> is true and the scheme pays nothing more that counts for that month, or for that year when the year is past its cap).</summary>
/// <param name="Period">The calendar month the allowance is for, yyyy-MM.</param>
/// <param name="OrganisationName">Who pays it, e.g. "Voedselbank Almere".</param>
/// <param name="Evidence">Optional: what shows it, e.g. the reference of a letter or an annual statement.</param>
public sealed record CreateOutsideAllowanceRequest(
    YearMonth Period,
    [property: Range(1, 100_000_000)] long AmountCents,
    [property: StringLength(200, MinimumLength = 1)] string OrganisationName,
    OutsideAllowanceKind Kind,
    [property: StringLength(500)] string? Evidence = null);

/// <param name="OverLimit">True when the declaration took the volunteer's month past the monthly limit or the year past its effective
/// cap when it was recorded; cleared when a removal brings its month and year back within them.</param>
/// <param name="RemovedAt">When the declaration was removed (its room freed); null while it counts.</param>
public sealed record OutsideAllowanceResponse(
    long Id,
    long VolunteerId,
    YearMonth Period,
    long AmountCents,
    string OrganisationName,
    OutsideAllowanceKind Kind,
    string? Evidence,
    bool OverLimit,
    Instant CreatedAt,
    Instant? RemovedAt);
