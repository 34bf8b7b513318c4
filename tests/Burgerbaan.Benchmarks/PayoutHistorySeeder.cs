using System.Globalization;
using Burgerbaan.Api.Allowance;
using Burgerbaan.Api.Data;
using Burgerbaan.Api.Payouts;
using Burgerbaan.Contracts;
using Dapper;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Burgerbaan.Benchmarks;

/// <summary>
/// Writes a long payout history for one volunteer straight into a SQLite file, far faster than the API
/// could: <c>seed &lt;db&gt; &lt;volunteerId&gt; &lt;count&gt; [year]</c>. The payouts (1 cent each, spread over the
/// year's twelve months, every tenth one cancelled) and the running totals move together in one
/// transaction, so the file stays as the API would have left it. The volunteer needs an agreement
/// that covers the whole year. No audit rows are written: the load script only reads headroom.
/// </summary>
internal static class PayoutHistorySeeder
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length is < 3 or > 4
            || !long.TryParse(args[1], CultureInfo.InvariantCulture, out var volunteerId)
            || !int.TryParse(args[2], CultureInfo.InvariantCulture, out var count) || count < 1
            || !int.TryParse(args.Length == 4 ? args[3] : "2025", CultureInfo.InvariantCulture, out var year))
        {
            await Console.Error.WriteLineAsync("usage: seed <sqlite file> <volunteerId> <count> [year, default 2025]");
            return 2;
        }
        NodaTypeHandlers.Register();
        var connection = new SqliteConnectionStringBuilder { DataSource = args[0], Mode = SqliteOpenMode.ReadWrite, ForeignKeys = true, DefaultTimeout = 30 };
        await using var c = new SqliteConnection(connection.ToString());
        await c.OpenAsync();
        await using var tx = (SqliteTransaction)await c.BeginTransactionAsync();

        var limits = (await LimitsSql.Limits(c, tx, year, default))?.ToLimits()
            ?? throw new InvalidOperationException($"No allowance limits for {year}.");
        var agreements = await PayoutSql.AgreementsInYear(c, tx, volunteerId, year, default);
        var agreement = agreements.FirstOrDefault(a => a.StartDate <= new LocalDate(year, 1, 1) && a.EndDate >= new LocalDate(year, 12, 31))
            ?? throw new InvalidOperationException($"Volunteer {volunteerId} has no agreement covering all of {year}.");
        var annualCap = AllowanceRules.EffectiveAnnualCapCents(limits, agreements.Select(a => a.ToTerms()));

        var now = SystemClock.Instance.GetCurrentInstant();
        var counted = new long[12];
        var rows = Enumerable.Range(0, count).Select(i =>
        {
            var month = i % 12;
            var status = i % 10 == 9 ? PayoutStatus.Cancelled : PayoutStatus.Paid;
            if (AllowanceRules.Holds(status))
            {
                counted[month]++;
            }
            return new { VolunteerId = volunteerId, AgreementId = agreement.Id, Period = new YearMonth(year, month + 1), Status = status, Now = now };
        });
        await c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO payouts (volunteer_id, agreement_id, kind, amount_cents, period, status, description, receipt_reference, created_at, updated_at, version) " +
            "VALUES (@VolunteerId, @AgreementId, 'allowance', 1, @Period, @Status, 'seeded history', NULL, @Now, @Now, 1)",
            rows, tx));

        // Add to whatever already counts; the tables' CHECKs refuse a total past its cap.
        await c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO allowance_year_totals (volunteer_id, year, counted_cents, cap_cents) VALUES (@volunteerId, @year, @amount, @annualCap) " +
            "ON CONFLICT (volunteer_id, year) DO UPDATE SET counted_cents = counted_cents + excluded.counted_cents, cap_cents = excluded.cap_cents",
            new { volunteerId, year, amount = counted.Sum(), annualCap }, tx));
        await c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO allowance_month_totals (volunteer_id, period, counted_cents, cap_cents) VALUES (@volunteerId, @Period, @Amount, @monthlyCap) " +
            "ON CONFLICT (volunteer_id, period) DO UPDATE SET counted_cents = counted_cents + excluded.counted_cents, cap_cents = excluded.cap_cents",
            counted.Select((amount, m) => new { volunteerId, Period = new YearMonth(year, m + 1), Amount = amount, monthlyCap = limits.MonthlyCents }), tx));
        await tx.CommitAsync();
        Console.WriteLine($"seeded {count} payouts for volunteer {volunteerId} in {year}; {counted.Sum()} cents count");
        return 0;
    }
}
