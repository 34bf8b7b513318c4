using System.Data.Common;
using Burgerbaan.Api.Allowance;
using Burgerbaan.Api.Data;
using Burgerbaan.Api.Payouts;
using Burgerbaan.Api.Sponsors;
using Burgerbaan.Contracts;
using Dapper;
using NodaTime;

namespace Burgerbaan.Api.PayoutRuns;

/// <summary>What a run will do for one volunteer: the report line and, when something is paid, the payout to book and the entries it pays.</summary>
internal sealed record RunPlan(PayoutRunLine Line, PayoutScene Scene, Proposal? Proposal, IReadOnlyList<long> HourIds)
{
    private sealed class UnpaidHour
    {
        public long Id { get; init; }
        public long VolunteerId { get; init; }
        public LocalDate Date { get; init; }
        public int Minutes { get; init; }
    }

    /// <summary>
    /// The next volunteers with approved, unpaid hours in the period after the cursor. It walks volunteers in id order and seeks
    /// each one's month in (volunteer_id, date): a DISTINCT over the unpaid hours made SQLite read the month's whole unpaid
    /// index (date, volunteer_id) on every chunk, seconds over a run of 10,000 volunteers.
    /// </summary>
    internal static string ChunkVolunteersSql(SqlDialect d) =>
        "SELECT v.id FROM volunteers v WHERE v.id > @after AND EXISTS (SELECT 1 FROM hour_entries h WHERE h.volunteer_id = v.id " +
        "AND h.status = 'approved' AND h.payout_id IS NULL AND h.date >= @first AND h.date <= @last) " +
        $"ORDER BY v.id {d.Limit("@take")}";

    /// <summary>
    /// Plans one chunk: the next <paramref name="take"/> volunteers after <paramref name="afterVolunteerId"/> with approved, unpaid
    /// hours in the period, in id order. Planned inside the chunk's transaction, so the plan sees what earlier chunks booked;
    /// volunteers do not share totals, so booking one never changes another's plan.
    /// </summary>
    public static async Task<List<RunPlan>> MakeAsync(DbConnection c, DbTransaction tx, SqlDialect d, YearMonth period, long afterVolunteerId, int take,
        CancellationToken ct)
    {
        const string Unpaid = "status = 'approved' AND payout_id IS NULL AND date >= @first AND date <= @last AND volunteer_id > @after";
        var args = new { first = AllowanceRules.FirstDay(period), last = AllowanceRules.LastDay(period), after = afterVolunteerId, take };
        var volunteers = (await c.QueryAsync<long>(new CommandDefinition(ChunkVolunteersSql(d), args, tx, cancellationToken: ct))).AsList();
        if (volunteers.Count == 0)
        {
            return [];
        }
        var hours = (await c.QueryAsync<UnpaidHour>(new CommandDefinition(
            $"SELECT id AS Id, volunteer_id AS VolunteerId, date AS Date, minutes AS Minutes FROM {d.Locked("hour_entries")} " +
            $"WHERE {Unpaid} AND volunteer_id <= @upTo ORDER BY volunteer_id, id",
            new { args.first, args.last, args.after, upTo = volunteers[^1] }, tx, cancellationToken: ct))).AsList();
        var scenes = await PayoutScenes.LoadManyAsync(c, tx, d, volunteers, period, ct);
        var plans = hours.GroupBy(h => h.VolunteerId).Select(group => For(scenes[group.Key], period, group.ToList())).ToList();
        return MoneyRun.Fit(plans);
    }

    private static RunPlan For(PayoutScene scene, YearMonth period, List<UnpaidHour> hours)
    {
        var situation = scene.Situation;
        var minutes = hours.Sum(h => h.Minutes);
        RunPlan Skip(long gross, string? trimmedBy, string why) =>
            new(new PayoutRunLine(scene.VolunteerId, minutes, gross, 0, gross, trimmedBy, null, why), scene, null, []);
        if (!scene.Active)
        {
            return Skip(0, null, PayoutWriter.VolunteerInactiveCode);
        }
        if (situation.Limits is not { } limits)
        {
            return Skip(0, null, AllowanceRules.LimitsMissing);
        }
        // Each entry at the agreed rate of the agreement covering its date (the rules cap it at the legal maximum for the age that day).
        var payable = hours
            .Select(h => (Hour: h, Rate: situation.AgreementsInYear.FirstOrDefault(a => a.Overlaps(h.Date, h.Date))?.HourlyRateCents))
            .Where(x => x.Rate is not null)
            .ToList();
        if (payable.Count == 0)
        {
            return Skip(0, null, "no_agreement_rate");
        }
        var (gross, paid, trimmedBy) = AllowanceRules.RunAmount(limits, situation,
            payable.Select(x => (new WorkedMinutes(x.Hour.Date, x.Hour.Minutes), x.Rate!.Value)));
        if (paid <= 0)
        {
            // A month (or year) that allowances declared from elsewhere already took past a limit says so, rather than "no room".
            return Skip(gross, trimmedBy, AllowanceRules.OutsideExcess(limits, situation, period)?.Code ?? "no_headroom");
        }
        var proposal = new Proposal(PayoutKind.Allowance, paid, period, payable.Select(x => new WorkedMinutes(x.Hour.Date, x.Hour.Minutes)).ToList());
        var verdict = AllowanceRules.Evaluate(proposal, situation);
        if (!verdict.Accepted)
        {
            // Cannot happen for an amount within every headroom and the legal maximum; refuse the run rather than pay wrongly.
            throw PayoutWriter.Refusal(verdict);
        }
        return new RunPlan(new PayoutRunLine(scene.VolunteerId, minutes, gross, paid, gross - paid, trimmedBy, null, null), scene, proposal,
            payable.Select(x => x.Hour.Id).ToList());
    }
}
