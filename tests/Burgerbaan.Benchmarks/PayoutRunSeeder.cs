using System.Globalization;
using Burgerbaan.Api.Data;
using Dapper;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Burgerbaan.Benchmarks;

/// <summary>
/// Writes a month's work for a payout run straight into a SQLite file: <c>seed-run &lt;db&gt; &lt;volunteers&gt; &lt;entries&gt; &lt;yyyy-MM&gt;</c>.
/// One organisation; per volunteer an agreement at 500 cents an hour for the period's year, a placement and
/// <c>entries</c> approved, unpaid entries of 60 minutes on the first days of the month (20 h = 10,000 cents,
/// under the monthly limit, so the run pays everyone). Prints the placement ids, one a line, for a concurrent hours writer.
/// </summary>
internal static class PayoutRunSeeder
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length != 4
            || !int.TryParse(args[1], CultureInfo.InvariantCulture, out var volunteers) || volunteers < 1
            || !int.TryParse(args[2], CultureInfo.InvariantCulture, out var entries) || entries is < 1 or > 28
            || !DateTime.TryParseExact(args[3], "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month))
        {
            await Console.Error.WriteLineAsync("usage: seed-run <sqlite file> <volunteers> <entries per volunteer, 1-28> <yyyy-MM>");
            return 2;
        }
        NodaTypeHandlers.Register();
        var period = new YearMonth(month.Year, month.Month);
        var connection = new SqliteConnectionStringBuilder { DataSource = args[0], Mode = SqliteOpenMode.ReadWrite, ForeignKeys = true, DefaultTimeout = 30 };
        await using var c = new SqliteConnection(connection.ToString());
        await c.OpenAsync();
        await using var tx = (SqliteTransaction)await c.BeginTransactionAsync();
        var now = SystemClock.Instance.GetCurrentInstant();
        var organisation = await c.ExecuteScalarAsync<long>(new CommandDefinition(
            "INSERT INTO organisations (name, kind, created_at, updated_at) VALUES ('Run load partner', 'nonprofit', @now, @now); SELECT last_insert_rowid();",
            new { now }, tx));
        var placements = new List<long>(volunteers);
        for (var v = 0; v < volunteers; v++)
        {
            var volunteer = await c.ExecuteScalarAsync<long>(new CommandDefinition(
                "INSERT INTO volunteers (first_name, last_name, date_of_birth, created_at, updated_at) VALUES ('Run', @last, '1990-05-17', @now, @now); " +
                "SELECT last_insert_rowid();", new { last = $"R{v}", now }, tx));
            await c.ExecuteAsync(new CommandDefinition(
                "INSERT INTO agreements (volunteer_id, start_date, end_date, hourly_rate_cents, created_at, updated_at) VALUES (@volunteer, @first, @last, 500, @now, @now)",
                new { volunteer, first = new LocalDate(period.Year, 1, 1), last = new LocalDate(period.Year, 12, 31), now }, tx));
            var placement = await c.ExecuteScalarAsync<long>(new CommandDefinition(
                "INSERT INTO placements (volunteer_id, organisation_id, start_date, activity, created_at, updated_at) VALUES (@volunteer, @organisation, @first, 'Load', @now, @now); " +
                "SELECT last_insert_rowid();", new { volunteer, organisation, first = new LocalDate(period.Year, 1, 1), now }, tx));
            placements.Add(placement);
            await c.ExecuteAsync(new CommandDefinition(
                "INSERT INTO hour_entries (organisation_id, external_id, placement_id, volunteer_id, date, minutes, status, created_at, updated_at) " +
                "VALUES (@organisation, @externalId, @placement, @volunteer, @date, 60, 'approved', @now, @now)",
                Enumerable.Range(1, entries).Select(d => new { organisation, externalId = $"run-{placement}-{d}", placement, volunteer, date = period.OnDayOfMonth(d), now }),
                tx));
        }
        await tx.CommitAsync();
        foreach (var placement in placements)
        {
            Console.WriteLine(placement);
        }
        await Console.Error.WriteLineAsync($"seeded {volunteers} volunteers with {entries} approved entries each in {period:yyyy-MM}");
        return 0;
    }
}
