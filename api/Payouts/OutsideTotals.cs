using System.Data.Common;
using Burgerbaan.Api.Data;
using Dapper;
using NodaTime;

namespace Burgerbaan.Api.Payouts;

/// <summary>
/// The running totals' part that allowances declared from other organisations hold (outside_cents, migration 0017), and the
/// year's figures the annual statement reads. Payouts/ owns the totals tables; the declarations and the statement come here for them.
/// </summary>
internal static class OutsideTotals
{
    /// <summary>
    /// Adds a declared amount to the year row, then the month row, unconditionally: a declaration is a fact and is stored even
    /// when it takes a total past its cap. The CHECK counted_cents &lt;= cap_cents still holds (counted_cents is the scheme's
    /// alone), and every payout after it sees the room it took (<see cref="PayoutSql.TryAdd"/>). Answers what then counts in the
    /// month and in the year, scheme and declarations together.
    /// </summary>
    public static async Task<(long Month, long Year)> AddAsync(DbConnection c, DbTransaction tx, SqlDialect d, long volunteerId, YearMonth period,
        long amount, long annualCap, long monthlyCap, CancellationToken ct)
    {
        var year = period.Year;
        var args = new { volunteerId, year, period, amount, annualCap, monthlyCap };
        await c.ExecuteAsync(new CommandDefinition(
            d.InsertIfAbsent("allowance_year_totals", "volunteer_id, year, counted_cents, cap_cents", "@volunteerId, @year, 0, @annualCap",
                "volunteer_id = @volunteerId AND year = @year"), args, tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition(
            "UPDATE allowance_year_totals SET outside_cents = outside_cents + @amount WHERE volunteer_id = @volunteerId AND year = @year",
            args, tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition(
            d.InsertIfAbsent("allowance_month_totals", "volunteer_id, period, counted_cents, cap_cents", "@volunteerId, @period, 0, @monthlyCap",
                "volunteer_id = @volunteerId AND period = @period"), args, tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition(
            "UPDATE allowance_month_totals SET outside_cents = outside_cents + @amount WHERE volunteer_id = @volunteerId AND period = @period",
            args, tx, cancellationToken: ct));
        return await CountedAsync(c, tx, d, volunteerId, period, ct);
    }

    /// <summary>Takes a removed declaration's amount out of the year row, then the month row (the CHECK outside_cents &gt;= 0 is the backstop).</summary>
    public static async Task<(long Month, long Year)> RemoveAsync(DbConnection c, DbTransaction tx, SqlDialect d, long volunteerId, YearMonth period,
        long amount, CancellationToken ct)
    {
        var args = new { volunteerId, year = period.Year, period, amount };
        var rows = await c.ExecuteAsync(new CommandDefinition(
            "UPDATE allowance_year_totals SET outside_cents = outside_cents - @amount WHERE volunteer_id = @volunteerId AND year = @year",
            args, tx, cancellationToken: ct));
        rows += await c.ExecuteAsync(new CommandDefinition(
            "UPDATE allowance_month_totals SET outside_cents = outside_cents - @amount WHERE volunteer_id = @volunteerId AND period = @period",
            args, tx, cancellationToken: ct));
        if (rows != 2)
        {
            throw new InvalidOperationException("A declaration's running totals are missing; the totals no longer match the declarations.");
        }
        return await CountedAsync(c, tx, d, volunteerId, period, ct);
    }

    /// <summary>What counts (scheme and declarations) in the month and in its year, read with the rows locked.</summary>
    public static async Task<(long Month, long Year)> CountedAsync(DbConnection c, DbTransaction tx, SqlDialect d, long volunteerId, YearMonth period,
        CancellationToken ct) =>
        ((await PayoutSql.CountedMonth(c, tx, d, volunteerId, period, ct)).All, (await PayoutSql.CountedYear(c, tx, d, volunteerId, period.Year, ct)).All);

    /// <summary>What counts in every month of a year that has a row: the scheme's part and the declared part.</summary>
    internal sealed class MonthFigures
    {
        public required string Period { get; init; }
        public long SchemeCents { get; init; }
        public long OutsideCents { get; init; }
    }

    /// <summary>
    /// The year row (Period "year") and the month rows of one volunteer-year in one statement, so the statement reads them as one
    /// snapshot: a payout committed in between cannot show in the months and not in the year.
    /// </summary>
    public static async Task<List<MonthFigures>> YearAsync(DbConnection c, long volunteerId, int year, CancellationToken ct) =>
        (await c.QueryAsync<MonthFigures>(new CommandDefinition(
            "SELECT 'year' AS Period, counted_cents AS SchemeCents, outside_cents AS OutsideCents FROM allowance_year_totals " +
            "WHERE volunteer_id = @volunteerId AND year = @year " +
            "UNION ALL SELECT period, counted_cents, outside_cents FROM allowance_month_totals " +
            "WHERE volunteer_id = @volunteerId AND period >= @first AND period <= @last",
            new { volunteerId, year, first = new YearMonth(year, 1), last = new YearMonth(year, 12) }, cancellationToken: ct))).AsList();

    /// <summary>Reimbursed expenses (pending, approved, paid) per month of a year: they count toward no limit, so the statement shows them apart.</summary>
    public static async Task<Dictionary<string, long>> ExpensesAsync(DbConnection c, long volunteerId, int year, CancellationToken ct) =>
        (await c.QueryAsync<(string Period, long Cents)>(new CommandDefinition(
            "SELECT period, SUM(amount_cents) FROM payouts WHERE volunteer_id = @volunteerId AND period >= @first AND period <= @last " +
            "AND kind = 'expense' AND status IN ('pending', 'approved', 'paid') GROUP BY period",
            new { volunteerId, first = new YearMonth(year, 1), last = new YearMonth(year, 12) }, cancellationToken: ct)))
            .ToDictionary(e => e.Period.Trim(), e => e.Cents, StringComparer.Ordinal);
}
