using System.Data.Common;
using Burgerbaan.Api.Allowance;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Payouts;
using NodaTime;

namespace Burgerbaan.Api.Volunteers;

/// <summary>
/// A payout for hours was checked against the legal hourly maximum at the volunteer's age on each day
/// worked. A new date of birth that would change that maximum for a day already paid would make the
/// payout's check a lie after the fact, so the change waits until the payout is cancelled (or rejected).
/// Payouts without hours are not bound by the hourly rule and do not lock.
/// </summary>
public static class BirthDateLock
{
    public const string DateOfBirthLocked = "date_of_birth_locked";

    /// <summary>The payouts whose paid days get another hourly maximum under the new date of birth, ascending.</summary>
    public static IReadOnlyList<long> Locking(IEnumerable<(long PayoutId, LocalDate Date)> paidDays, Func<int, Limits?> limitsOf,
        LocalDate before, LocalDate after) =>
        paidDays
            .Where(day => limitsOf(day.Date.Year) is { } limits
                ? AllowanceRules.HourlyMaximumCents(limits, before, day.Date) != AllowanceRules.HourlyMaximumCents(limits, after, day.Date)
                // No limits for the year (cannot be paid, but be safe): any change of the age band counts.
                : AllowanceRules.AgeOn(before, day.Date) >= 21 != AllowanceRules.AgeOn(after, day.Date) >= 21)
            .Select(day => day.PayoutId).Distinct().Order().ToList();

    /// <summary>Refuses the change of date of birth when <see cref="Locking"/> names a payout.</summary>
    public static async Task CheckAsync(DbConnection c, DbTransaction tx, long volunteerId, LocalDate before, LocalDate after, CancellationToken ct)
    {
        var locking = (await LockingOfAsync(c, tx, volunteerId, before, ct))(after);
        if (locking.Count > 0)
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, DateOfBirthLocked, "Date of birth locked",
                $"The new date of birth changes the legal hourly maximum of hours already paid by payout {string.Join(", ", locking)}; " +
                "cancel (or reject) the payout first.",
                new Dictionary<string, object?> { ["payoutIds"] = locking });
        }
    }

    /// <summary>
    /// <see cref="Locking"/> over the volunteer's paid days, read once: for each candidate date of birth, the payouts it would
    /// lock. Also asked by the pseudonymisation (api/Privacy), which keeps of the date of birth only what no paid day needs.
    /// </summary>
    public static async Task<Func<LocalDate, IReadOnlyList<long>>> LockingOfAsync(DbConnection c, DbTransaction tx, long volunteerId, LocalDate before,
        CancellationToken ct)
    {
        var days = await PayoutSql.PaidHourDays(c, tx, volunteerId, ct);
        if (days.Count == 0)
        {
            return _ => [];
        }
        var limits = new Dictionary<int, Limits?>();
        foreach (var year in days.Select(d => d.Date.Year).Distinct())
        {
            limits[year] = (await LimitsSql.Limits(c, tx, year, ct))?.ToLimits();
        }
        return after => Locking(days.Select(d => (d.PayoutId, d.Date)), year => limits[year], before, after);
    }
}
