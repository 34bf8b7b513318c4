using Burgerbaan.Api.Common;
using Burgerbaan.Contracts;
using NodaTime;

namespace Burgerbaan.Api.Allowance;

// The tax-free volunteer allowance rules (DESIGN.md section 2) as pure functions over plain records:
// no database, no clock. The endpoints gather the figures; these functions decide.

/// <summary>One year's legal limits, in cents.</summary>
public sealed record Limits(int Year, long AnnualCents, long MonthlyCents, long HourlyCents, long HourlyUnder21Cents);

/// <summary>The parts of an allowance agreement the rules look at.</summary>
public sealed record AgreementTerms(LocalDate StartDate, LocalDate EndDate, long? HourlyRateCents, long? AnnualBudgetCents)
{
    public bool Overlaps(LocalDate start, LocalDate end) => StartDate <= end && EndDate >= start;
}

/// <summary>Minutes worked on one date, paid for by a payout.</summary>
public sealed record WorkedMinutes(LocalDate Date, int Minutes);

/// <summary>What is asked: a payout of one kind and amount for one calendar month.</summary>
public sealed record Proposal(PayoutKind Kind, long AmountCents, YearMonth Period, IReadOnlyList<WorkedMinutes> Hours);

/// <summary>
/// What is known about the volunteer: date of birth, the limits of the period's year (null when not set),
/// every agreement that touches that year, and what already counts in that year and that month. The counted figures include
/// the allowances declared from other organisations; the outside figures say how much of them that is.
/// </summary>
public sealed record Situation(
    LocalDate DateOfBirth,
    Limits? Limits,
    IReadOnlyList<AgreementTerms> AgreementsInYear,
    long CountedYearCents,
    long CountedMonthCents,
    long OutsideYearCents = 0,
    long OutsideMonthCents = 0);

/// <summary>Accepted, or the first rule that refuses, with the figures behind it.</summary>
public sealed record Verdict(string? Code, string? Detail, long? LimitCents = null, long? HeadroomCents = null)
{
    public static readonly Verdict Accept = new(null, null);

    public bool Accepted => Code is null;
}

/// <summary>What a payout run pays a volunteer for a month's hours: gross, paid, and the rule that trimmed it (if any).</summary>
public sealed record RunAmount(long GrossCents, long PaidCents, string? TrimmedBy);

/// <summary>Room left in one year: the cap that applies, what counts, and what is left.</summary>
public sealed record YearHeadroom(long LegalAnnualCents, long EffectiveCapCents, long CountedCents, long HeadroomCents);

/// <summary>Room left in one month: its limit, what counts, and what may still be paid for it (also within the year).</summary>
public readonly record struct MonthHeadroom(YearMonth Period, long LimitCents, long CountedCents, long HeadroomCents);

public static class AllowanceRules
{
    public const string NoActiveAgreement = "no_active_agreement";
    public const string LimitsMissing = "allowance_limits_missing";
    public const string HourlyRateExceeded = "hourly_rate_exceeded";
    public const string MonthlyCapExceeded = "monthly_cap_exceeded";
    public const string AnnualCapExceeded = "allowance_cap_exceeded";
    public const string OutsideOverLimit = "outside_allowance_over_limit";

    /// <summary>Allowance for time, flat travel allowance and gifts count; reimbursed expenses do not.</summary>
    public static bool Counts(PayoutKind kind) => kind != PayoutKind.Expense;

    /// <summary>Pending, approved and paid payouts hold their amount; cancelled and rejected release it.</summary>
    public static bool Holds(PayoutStatus status) => status is PayoutStatus.Pending or PayoutStatus.Approved or PayoutStatus.Paid;

    public static string Iso(YearMonth period) => IsoText.Month(period);

    public static LocalDate FirstDay(YearMonth period) => period.OnDayOfMonth(1);

    public static LocalDate LastDay(YearMonth period) => period.OnDayOfMonth(period.Calendar.GetDaysInMonth(period.Year, period.Month));

    /// <summary>Age in whole years on a date (NodaTime Period.Between): the 21st birthday counts as 21.</summary>
    public static int AgeOn(LocalDate dateOfBirth, LocalDate date) => Period.Between(dateOfBirth, date, PeriodUnits.Years).Years;

    /// <summary>The legal maximum per hour for the volunteer's age on the date the hours were worked.</summary>
    public static long HourlyMaximumCents(Limits limits, LocalDate dateOfBirth, LocalDate workedOn) =>
        AgeOn(dateOfBirth, workedOn) >= 21 ? limits.HourlyCents : limits.HourlyUnder21Cents;

    /// <summary>
    /// The most that may be paid for these hours: the sum over the entries of minutes times the legal
    /// hourly maximum on each date, divided by 60 once at the end and rounded down to whole cents.
    /// </summary>
    public static long MaximumForHoursCents(Limits limits, LocalDate dateOfBirth, IEnumerable<WorkedMinutes> hours) =>
        hours.Sum(h => h.Minutes * HourlyMaximumCents(limits, dateOfBirth, h.Date)) / 60;

    /// <summary>
    /// The monthly payout run's amount for hours that each carry the agreed hourly rate: the sum of minutes x
    /// min(agreed rate, legal maximum for the age that day), divided by 60 once and rounded down, then trimmed
    /// to what the month and the year still allow. The trim names the tighter limit.
    /// </summary>
    public static RunAmount RunAmount(Limits limits, Situation situation, IEnumerable<(WorkedMinutes Hours, long AgreedRateCents)> hours)
    {
        var gross = hours.Sum(h => h.Hours.Minutes * Math.Min(h.AgreedRateCents, HourlyMaximumCents(limits, situation.DateOfBirth, h.Hours.Date))) / 60;
        var year = Year(limits, situation.AgreementsInYear, situation.CountedYearCents);
        var monthRoom = Math.Max(0, limits.MonthlyCents - situation.CountedMonthCents);
        var paid = Math.Min(gross, Math.Min(monthRoom, year.HeadroomCents));
        var trimmedBy = paid == gross ? null : monthRoom <= year.HeadroomCents ? MonthlyCapExceeded : AnnualCapExceeded;
        return new RunAmount(gross, paid, trimmedBy);
    }

    /// <summary>The legal annual limit, or the lowest annual budget of an agreement in that year if lower.</summary>
    public static long EffectiveAnnualCapCents(Limits limits, IEnumerable<AgreementTerms> agreementsInYear) =>
        // Stryker disable once Linq: Append and Prepend give the same Min; the mutant cannot change behaviour.
        agreementsInYear
            .Where(a => a.AnnualBudgetCents is not null)
            .Select(a => a.AnnualBudgetCents!.Value)
            .Append(limits.AnnualCents)
            .Min();

    public static YearHeadroom Year(Limits limits, IReadOnlyList<AgreementTerms> agreementsInYear, long countedCents)
    {
        var cap = EffectiveAnnualCapCents(limits, agreementsInYear);
        return new YearHeadroom(limits.AnnualCents, cap, countedCents, Math.Max(0, cap - countedCents));
    }

    public static MonthHeadroom Month(Limits limits, YearMonth period, long countedCents, YearHeadroom year) =>
        new(period, limits.MonthlyCents, countedCents, Math.Max(0, Math.Min(limits.MonthlyCents - countedCents, year.HeadroomCents)));

    /// <summary>
    /// The payout rules in order; the first that refuses decides: an agreement must cover the period,
    /// the year must have limits (counted kinds only), hours may not be paid above the legal hourly
    /// maximum, then the month and the year must have room for the amount.
    /// </summary>
    public static Verdict Evaluate(Proposal proposal, Situation situation)
    {
        var first = FirstDay(proposal.Period);
        var last = LastDay(proposal.Period);
        if (!situation.AgreementsInYear.Any(a => a.Overlaps(first, last)))
        {
            return new Verdict(NoActiveAgreement, $"No allowance agreement of this volunteer covers {Iso(proposal.Period)}.");
        }
        if (!Counts(proposal.Kind))
        {
            return Verdict.Accept;
        }
        // Limits handed in for another year are not this period's limits: each calendar year has its own.
        if (situation.Limits is not { } limits || limits.Year != proposal.Period.Year)
        {
            return new Verdict(LimitsMissing, $"No allowance limits are set for {proposal.Period.Year}; an admin sets them with PUT /v1/allowance-limits/{proposal.Period.Year}.");
        }
        if (OutsideExcess(limits, situation, proposal.Period) is { } excess)
        {
            return excess;
        }
        if (proposal.Hours.Count > 0)
        {
            var maximum = MaximumForHoursCents(limits, situation.DateOfBirth, proposal.Hours);
            if (proposal.AmountCents > maximum)
            {
                return new Verdict(HourlyRateExceeded,
                    $"{proposal.AmountCents} cents for these hours is more than the legal hourly maximum allows ({maximum} cents).",
                    maximum, maximum);
            }
        }
        var year = Year(limits, situation.AgreementsInYear, situation.CountedYearCents);
        var month = Month(limits, proposal.Period, situation.CountedMonthCents, year);
        if (situation.CountedMonthCents + proposal.AmountCents > limits.MonthlyCents)
        {
            // headroomCents is what may still be paid for the month: never more than the year leaves.
            return new Verdict(MonthlyCapExceeded,
                $"{proposal.AmountCents} cents would exceed the monthly limit of {limits.MonthlyCents} cents for {Iso(proposal.Period)}; " +
                $"{month.HeadroomCents} cents can still be paid for it.",
                limits.MonthlyCents, month.HeadroomCents);
        }
        if (proposal.AmountCents > year.HeadroomCents)
        {
            return new Verdict(AnnualCapExceeded,
                $"{proposal.AmountCents} cents would exceed the annual cap of {year.EffectiveCapCents} cents for {proposal.Period.Year}; {year.HeadroomCents} cents left.",
                year.EffectiveCapCents, year.HeadroomCents);
        }
        return Verdict.Accept;
    }
    /// <summary>
    /// Allowances declared from other organisations already take the month past its limit, or the year past its cap: the
    /// scheme must not add to an excess the volunteer already has, so nothing more that counts is paid for that month
    /// (for any month of the year when the year is over). The scheme's own payouts never get there (they are refused first,
    /// and the running totals refuse them again), so an excess is always a declaration's.
    /// </summary>
    public static Verdict? OutsideExcess(Limits limits, Situation situation, YearMonth period)
    {
        if (situation.OutsideMonthCents > 0 && situation.CountedMonthCents > limits.MonthlyCents)
        {
            return new Verdict(OutsideOverLimit,
                $"Allowances declared from other organisations take {Iso(period)} past the monthly limit of {limits.MonthlyCents} cents " +
                $"({situation.CountedMonthCents} cents count); the scheme pays nothing more that counts for that month.",
                limits.MonthlyCents, 0);
        }
        var cap = EffectiveAnnualCapCents(limits, situation.AgreementsInYear);
        if (situation.OutsideYearCents > 0 && situation.CountedYearCents > cap)
        {
            return new Verdict(OutsideOverLimit,
                $"Allowances declared from other organisations take {period.Year} past its annual cap of {cap} cents " +
                $"({situation.CountedYearCents} cents count); the scheme pays nothing more that counts for that year.",
                cap, 0);
        }
        return null;
    }

    /// <summary>
    /// Whether a month and its year are past a limit, with everything that counts in them (scheme and declarations): a declaration
    /// recorded into such a month is flagged over the limit, and a flag is cleared once a removal brings both back within.
    /// </summary>
    public static bool OverLimit(Limits limits, long effectiveCapCents, long countedMonthCents, long countedYearCents) =>
        countedMonthCents > limits.MonthlyCents || countedYearCents > effectiveCapCents;
}
