using System.Globalization;
using Burgerbaan.Api.Data;
using Dapper;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Burgerbaan.Benchmarks;

/// <summary>
/// Fills a SQLite file the API has migrated with a large registry for the list queries:
/// <c>seed-lists &lt;db&gt; &lt;volunteers&gt; &lt;entries&gt; [organisations]</c>. Each volunteer gets one placement at one of the
/// organisations and an equal share of the hour entries, spread over 2025 in id order (as partners push them); the
/// newest tenth is still submitted (the approval queue). Set-based inserts (recursive CTEs) in one transaction: a million entries take seconds,
/// where the API would take minutes. No audit rows: the load script only reads lists. Prints the first ids as
/// key=value pairs for the script.
/// </summary>
internal static class ListSeeder
{
    private const string Numbers = "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < @count) ";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length is < 3 or > 4
            || !int.TryParse(args[1], CultureInfo.InvariantCulture, out var volunteers) || volunteers < 1
            || !int.TryParse(args[2], CultureInfo.InvariantCulture, out var entries) || entries < 1
            || !int.TryParse(args.Length == 4 ? args[3] : "100", CultureInfo.InvariantCulture, out var organisations) || organisations < 1)
        {
            await Console.Error.WriteLineAsync("usage: seed-lists <sqlite file> <volunteers> <entries> [organisations, default 100]");
            return 2;
        }
        NodaTypeHandlers.Register();
        var connection = new SqliteConnectionStringBuilder { DataSource = args[0], Mode = SqliteOpenMode.ReadWrite, ForeignKeys = true, DefaultTimeout = 30 };
        await using var c = new SqliteConnection(connection.ToString());
        await c.OpenAsync();
        await using var tx = (SqliteTransaction)await c.BeginTransactionAsync();
        var now = SystemClock.Instance.GetCurrentInstant();
        long Next(string table) => c.ExecuteScalar<long>($"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}", transaction: tx);
        var (org, volunteer, placement, entry) = (Next("organisations"), Next("volunteers"), Next("placements"), Next("hour_entries"));

        await c.ExecuteAsync(Numbers +
            "INSERT INTO organisations (id, name, kind, active, created_at, updated_at, version) " +
            "SELECT @org + i, 'Load organisation ' || i, 'nonprofit', 1, @now, @now, 1 FROM n",
            new { count = organisations, org, now }, tx);
        await c.ExecuteAsync(Numbers +
            "INSERT INTO volunteers (id, first_name, last_name, date_of_birth, active, created_at, updated_at, version, name_key) " +
            "SELECT @volunteer + i, 'Load', 'List' || i, '1990-05-17', 1, @now, @now, 1, 'loadlist' || i FROM n",
            new { count = volunteers, volunteer, now }, tx);
        // Volunteer i works at organisation i % organisations, in placement @placement + i.
        await c.ExecuteAsync(Numbers +
            "INSERT INTO placements (id, volunteer_id, organisation_id, start_date, end_date, activity, created_at, updated_at, version) " +
            "SELECT @placement + i, @volunteer + i, @org + i % @organisations, '2025-01-01', NULL, 'Load', @now, @now, 1 FROM n",
            new { count = volunteers, placement, volunteer, org, organisations, now }, tx);
        // Entry i belongs to volunteer i % volunteers; dates rise with the id over the 365 days of 2025; the newest tenth awaits approval.
        await c.ExecuteAsync(Numbers +
            "INSERT INTO hour_entries (id, organisation_id, external_id, placement_id, volunteer_id, date, minutes, description, status, " +
            "reject_reason, payout_id, created_at, updated_at, version) " +
            "SELECT @entry + i, @org + (i % @volunteers) % @organisations, 'load-' || (@entry + i), @placement + i % @volunteers, " +
            "@volunteer + i % @volunteers, date('2025-01-01', '+' || (i * 365 / @count) || ' days'), 60, NULL, " +
            "CASE WHEN i >= @count - @count / 10 THEN 'submitted' ELSE 'approved' END, NULL, NULL, @now, @now, 1 FROM n",
            new { count = entries, entry, org, organisations, volunteers, placement, volunteer, now }, tx);
        await tx.CommitAsync();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"first_organisation={org} first_volunteer={volunteer} first_placement={placement} first_entry={entry} volunteers={volunteers} entries={entries}"));
        return 0;
    }
}
