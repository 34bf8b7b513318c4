using NodaTime;

namespace Burgerbaan.Contracts;

/// <summary>Pays the approved, unpaid hours worked in one month.</summary>
public sealed record CreatePayoutRunRequest(YearMonth Period);

/// <param name="Minutes">Approved, unpaid minutes worked in the period.</param>
/// <param name="GrossCents">Sum over the entries of minutes x min(agreed rate, legal hourly maximum for the age on that date) / 60, rounded down.</param>
/// <param name="PaidCents">What the payout pays: gross trimmed to the month's and the year's headroom.</param>
/// <param name="TrimmedCents">gross - paid.</param>
/// <param name="TrimmedBy">The rule that trimmed it: monthly_cap_exceeded or allowance_cap_exceeded.</param>
/// <param name="PayoutId">The pending payout created, linked to the entries it pays.</param>
/// <param name="Skipped">Why nothing was paid: no_agreement_rate (no agreement with an hourlyRateCents covers the hours), no_headroom,
/// volunteer_inactive (the volunteer is deactivated; the hours stay unpaid), sponsorship_budget_exceeded (the sponsorship that funds the
/// volunteer's month has too little allowance budget left; the hours stay unpaid).</param>
/// <param name="SponsorshipId">The sponsorship the payout draws on (null: funded by the cooperative); on a line skipped as
/// sponsorship_budget_exceeded, the sponsorship whose budget is short.</param>
public sealed record PayoutRunLine(
    long VolunteerId,
    int Minutes,
    long GrossCents,
    long PaidCents,
    long TrimmedCents,
    string? TrimmedBy,
    long? PayoutId,
    string? Skipped,
    long? SponsorshipId = null);

/// <summary>Where a stored run stands: running (booked chunk by chunk; the next POST for its period continues it) or completed.</summary>
public enum PayoutRunStatus
{
    Running,
    Completed,
}

/// <summary>A payout run's report.</summary>
/// <param name="Id">The stored run; null when the run paid nothing, which is answered with 200 and not stored.</param>
/// <param name="Status">running while chunks remain (a run stopped by a crash stays running until the next POST for its period
/// continues it), completed once every volunteer is done; a run that paid nothing is completed.</param>
/// <param name="PayoutCount">Payouts created by the run; each carries the run's id as payoutRunId.</param>
public sealed record PayoutRunResponse(
    long? Id,
    YearMonth Period,
    PayoutRunStatus Status,
    Instant CreatedAt,
    int PayoutCount,
    long PaidCents,
    IReadOnlyList<PayoutRunLine> Volunteers);
