using System.Data.Common;
using System.Text.Json;
using Burgerbaan.Api.Allowance;
using Burgerbaan.Api.Data;
using Dapper;
using NodaTime;

namespace Burgerbaan.Api.Payouts;

/// <summary>
/// <see cref="PayoutWriter.LoadAsync"/> for many volunteers at once (a payout run's chunk): the same rows, read with the same
/// locks inside the caller's transaction, in five statements for the whole set instead of five per volunteer.
/// </summary>
internal static class PayoutScenes
{
    private sealed class VolunteerRow
    {
        public long Id { get; init; }
        public LocalDate DateOfBirth { get; init; }
        public bool Active { get; init; }
    }

    private sealed class AgreementRow
    {
        public long VolunteerId { get; init; }
        public long Id { get; init; }
        public LocalDate StartDate { get; init; }
        public LocalDate EndDate { get; init; }
        public long? HourlyRateCents { get; init; }
        public long? AnnualBudgetCents { get; init; }
    }

    private sealed class TotalRow
    {
        public long VolunteerId { get; init; }
        public long CountedCents { get; init; }
        public long OutsideCents { get; init; }
    }

    /// <summary>The scene of every volunteer given that exists, by volunteer id.</summary>
    public static async Task<Dictionary<long, PayoutScene>> LoadManyAsync(DbConnection c, DbTransaction tx, SqlDialect d, IReadOnlyCollection<long> volunteerIds,
        YearMonth period, CancellationToken ct)
    {
        // One JSON array parameter: one statement text for any number of volunteers (SQL Server takes at most 2,100 parameters).
        var ids = JsonSerializer.Serialize(volunteerIds);
        var @in = $"volunteer_id IN ({d.JsonValues("@ids")})";
        var volunteers = await c.QueryAsync<VolunteerRow>(new CommandDefinition(
            $"SELECT id AS Id, date_of_birth AS DateOfBirth, active AS Active FROM {d.Locked("volunteers")} WHERE id IN ({d.JsonValues("@ids")})",
            new { ids }, tx, cancellationToken: ct));
        var limits = (await LimitsSql.Limits(c, tx, period.Year, ct))?.ToLimits();
        var agreements = (await c.QueryAsync<AgreementRow>(new CommandDefinition(
            "SELECT volunteer_id AS VolunteerId, id AS Id, start_date AS StartDate, end_date AS EndDate, hourly_rate_cents AS HourlyRateCents, " +
            $"annual_budget_cents AS AnnualBudgetCents FROM agreements WHERE {@in} AND start_date <= @last AND end_date >= @first " +
            "ORDER BY volunteer_id, start_date, id",
            new { ids, first = new LocalDate(period.Year, 1, 1), last = new LocalDate(period.Year, 12, 31) }, tx, cancellationToken: ct)))
            .ToLookup(a => a.VolunteerId);
        var years = (await c.QueryAsync<TotalRow>(new CommandDefinition(
            $"SELECT volunteer_id AS VolunteerId, counted_cents + outside_cents AS CountedCents, outside_cents AS OutsideCents FROM {d.Locked("allowance_year_totals")} " +
            $"WHERE {@in} AND year = @year",
            new { ids, year = period.Year }, tx, cancellationToken: ct))).ToDictionary(t => t.VolunteerId);
        var months = (await c.QueryAsync<TotalRow>(new CommandDefinition(
            $"SELECT volunteer_id AS VolunteerId, counted_cents + outside_cents AS CountedCents, outside_cents AS OutsideCents FROM {d.Locked("allowance_month_totals")} " +
            $"WHERE {@in} AND period = @period",
            new { ids, period }, tx, cancellationToken: ct))).ToDictionary(t => t.VolunteerId);

        var scenes = new Dictionary<long, PayoutScene>();
        foreach (var v in volunteers)
        {
            var rows = agreements[v.Id].Select(a => new PayoutSql.AgreementRow
            {
                Id = a.Id, StartDate = a.StartDate, EndDate = a.EndDate, HourlyRateCents = a.HourlyRateCents, AnnualBudgetCents = a.AnnualBudgetCents,
            }).ToList();
            var year = years.GetValueOrDefault(v.Id);
            var month = months.GetValueOrDefault(v.Id);
            var situation = new Situation(v.DateOfBirth, limits, rows.Select(a => a.ToTerms()).ToList(),
                year?.CountedCents ?? 0, month?.CountedCents ?? 0, year?.OutsideCents ?? 0, month?.OutsideCents ?? 0);
            // The sponsorship that funds the month (issue 8), read per volunteer with the single payout's own statement so the
            // two paths cannot disagree on which allocation applies; a set-based read is possible once it is measured to matter.
            var funding = await Sponsors.MoneyFunding.ForMonthAsync(c, tx, d, v.Id, period, ct);
            scenes[v.Id] = new PayoutScene(v.Id, v.Active, situation, rows, funding);
        }
        return scenes;
    }
}
