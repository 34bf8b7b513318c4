using System.Data.Common;
using Burgerbaan.Api.Auth;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Contracts;
using Dapper;
using NodaTime;

namespace Burgerbaan.Api.Hours;

/// <summary>
/// Bulk upsert of hour entries by (organisation, externalId), all or nothing. Every entry is checked and
/// every failing one is named by its index; the organisation comes from the placement, and a partner key
/// may only use placements of its own organisation.
/// </summary>
internal static class HourIngestion
{
    public const int MaxEntries = 1000;
    public const int MaxMinutesPerDay = 24 * 60;
    public const string Locked = "hour_entry_locked";

    /// <summary>What a stored batch did, for the telemetry: entries inserted, updated and left unchanged, and the minutes written.</summary>
    public readonly record struct Tally(int Inserted, int Updated, int Unchanged, long Minutes);

    /// <summary>Validate (every entry, then against placements, stored entries and day totals), plan, write.</summary>
    public static async Task<(HourEntriesResponse Answer, Tally Tally)> UpsertAsync(DbConnection c, DbTransaction tx, SqlDialect d, Caller caller,
        SubmitHoursRequest request, Instant now, LocalDate today, CancellationToken ct)
    {
        var entries = request.Entries;
        var checks = CheckEntries(entries, today);
        var placements = (await c.QueryAsync<HourSql.PlacementRow>(new CommandDefinition(
            "SELECT id AS Id, organisation_id AS OrganisationId, volunteer_id AS VolunteerId, start_date AS StartDate, end_date AS EndDate FROM placements WHERE id IN @ids",
            new { ids = entries.Select(e => e.PlacementId).Distinct().ToArray() }, tx, cancellationToken: ct)))
            .Where(p => !caller.IsPartner || p.OrganisationId == caller.OrganisationId)
            .ToDictionary(p => p.Id);
        var valid = CheckPlacements(entries, placements, checks);
        var stored = await Stored(c, tx, d, entries.Where(e => placements.ContainsKey(e.PlacementId))
            .Select(e => (placements[e.PlacementId].OrganisationId, e.ExternalId)).ToList(), ct);
        var totals = await DayTotals(c, tx, d, valid.Select(i => entries[i]).ToList(), placements, ct);
        foreach (var i in HourPlan.OverfullDays(entries, valid, placements, stored, totals))
        {
            // No total in the message: it would tell a partner how long the volunteer worked elsewhere.
            checks.Require(false, $"entries[{i}].minutes", "The volunteer's hours on this day would exceed 24 hours over all organisations.");
        }
        checks.ThrowIfAny();

        var steps = HourPlan.Plan(entries, placements, stored);
        var locked = steps.Where(s => s.Kind == HourPlan.Kind.Locked).Select(s => s.Entry.ExternalId).ToList();
        if (locked.Count > 0)
        {
            throw LockedProblem(locked, "These entries are approved, rejected or paid and can no longer change; nothing was written.");
        }
        var answer = await HourWrite.WriteAsync(c, tx, d, steps, now, ct);
        return (answer, new Tally(steps.Count(s => s.Kind == HourPlan.Kind.Insert), steps.Count(s => s.Kind == HourPlan.Kind.Update),
            steps.Count(s => s.Kind == HourPlan.Kind.Unchanged), steps.Where(s => s.Kind != HourPlan.Kind.Unchanged).Sum(s => (long)s.Entry.Minutes)));
    }

    /// <summary>The checks that need nothing stored; throws at once for a bad list, otherwise collects per entry.</summary>
    private static Checks CheckEntries(IReadOnlyList<HourEntryInput> entries, LocalDate today)
    {
        var checks = new Checks();
        checks.Require(entries.Count is >= 1 and <= MaxEntries, "entries", $"Send 1 to {MaxEntries} entries.").ThrowIfAny();
        // The serializer keeps a null element of a list; every entry below must be an object.
        for (var i = 0; i < entries.Count; i++)
        {
            checks.Require(entries[i] is not null, $"entries[{i}]", "An entry is an object, not null.");
        }
        checks.ThrowIfAny();
        var earliest = today.PlusMonths(-13);
        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            var at = $"entries[{i}]";
            checks.Require(e.ExternalId.Length <= 100 && !string.IsNullOrWhiteSpace(e.ExternalId) && !e.ExternalId.Any(char.IsControl), $"{at}.externalId",
                    "externalId is 1 to 100 characters, not blank, without control characters.")
                .Require(e.Minutes is >= 1 and <= MaxMinutesPerDay, $"{at}.minutes", "minutes must be 1 to 1440.")
                .Require(e.Description is null || e.Description.Length <= 500, $"{at}.description", "description is at most 500 characters.")
                .Require(e.Date <= today, $"{at}.date", "Hours cannot be reported for a day after today.")
                .Require(e.Date >= earliest, $"{at}.date", "Hours more than 13 months back are not accepted.");
        }
        return checks;
    }

    /// <summary>Each entry's placement exists for the caller and covers the date; returns the entries whose minutes count toward day totals.</summary>
    private static List<int> CheckPlacements(IReadOnlyList<HourEntryInput> entries, Dictionary<long, HourSql.PlacementRow> placements, Checks checks)
    {
        var seen = new HashSet<(long, string)>();
        var valid = new List<int>();
        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            if (!placements.TryGetValue(e.PlacementId, out var placement))
            {
                checks.Require(false, $"entries[{i}].placementId", "No placement with that id for this organisation.");
                continue;
            }
            checks.Require(placement.Covers(e.Date), $"entries[{i}].date", "The placement does not cover this date.")
                .Require(seen.Add((placement.OrganisationId, e.ExternalId)), $"entries[{i}].externalId", "The same externalId appears twice in this request.");
            if (e.Minutes is >= 1 and <= MaxMinutesPerDay)
            {
                // The day total is judged over entries whose own minutes are valid; the others are named already.
                valid.Add(i);
            }
        }
        return valid;
    }

    public static ApiProblemException LockedProblem(IEnumerable<string> externalIds, string detail) =>
        new(StatusCodes.Status409Conflict, Locked, "Hour entries locked", detail,
            new Dictionary<string, object?> { ["externalIds"] = externalIds.Distinct().Order(StringComparer.Ordinal).ToList() });

    /// <summary>The stored entries with these (organisation, externalId) keys.</summary>
    public static async Task<Dictionary<(long, string), HourSql.Row>> Stored(DbConnection c, DbTransaction tx, SqlDialect d,
        IReadOnlyList<(long OrganisationId, string ExternalId)> keys, CancellationToken ct)
    {
        var result = new Dictionary<(long, string), HourSql.Row>();
        foreach (var group in keys.GroupBy(k => k.OrganisationId))
        {
            // Read by ordinal (RowReader), not mapped by Dapper: up to 1,000 rows twice a batch, inside the writer's
            // transaction, where Dapper's boxed mapping took half of this read's time (HourPaidStatusTests compare the two).
            var rows = await RowReader.ListAsync(c, new CommandDefinition(
                $"SELECT {HourSql.Columns} FROM hour_entries WHERE organisation_id = @org AND external_id IN ({d.JsonValues("@ids")})",
                new { org = group.Key, ids = System.Text.Json.JsonSerializer.Serialize(group.Select(k => k.ExternalId).Distinct()) }, tx, cancellationToken: ct),
                HourSql.Row.Read);
            foreach (var row in rows)
            {
                result[(row.OrganisationId, row.ExternalId)] = row;
            }
        }
        return result;
    }

    /// <summary>
    /// The day totals' statement (Dapper expands <c>@volunteers</c>). The (volunteer_id, date, minutes) index answers it
    /// alone, without the table (0020; <c>IngestionQueryPlanTests</c>).
    /// </summary>
    internal static string DayTotalsSql(SqlDialect d) =>
        $"SELECT volunteer_id AS VolunteerId, date AS Date, SUM(minutes) AS Minutes FROM {d.Locked("hour_entries")} " +
        "WHERE volunteer_id IN @volunteers AND date >= @first AND date <= @last GROUP BY volunteer_id, date";

    /// <summary>
    /// Stored minutes per volunteer and day over the request's dates. On SQL Server the range stays locked until
    /// commit, so two concurrent requests cannot each fill the same day to 24 hours.
    /// </summary>
    private static async Task<Dictionary<(long VolunteerId, LocalDate Date), long>> DayTotals(DbConnection c, DbTransaction tx, SqlDialect d,
        List<HourEntryInput> entries, Dictionary<long, HourSql.PlacementRow> placements, CancellationToken ct)
    {
        if (entries.Count == 0)
        {
            return [];
        }
        return (await RowReader.ListAsync(c, new CommandDefinition(DayTotalsSql(d),
            new
            {
                volunteers = entries.Select(e => placements[e.PlacementId].VolunteerId).Distinct().ToArray(),
                first = entries.Min(e => e.Date),
                last = entries.Max(e => e.Date),
            }, tx, cancellationToken: ct), HourSql.DayTotal.Read))
            .ToDictionary(t => (t.VolunteerId, t.Date), t => t.Minutes);
    }
}
