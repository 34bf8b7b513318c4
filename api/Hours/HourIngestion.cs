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

    public static async Task<HourEntriesResponse> UpsertAsync(DbConnection c, DbTransaction tx, SqlDialect d, Caller caller,
        SubmitHoursRequest request, Instant now, LocalDate today, CancellationToken ct)
    {
        var entries = request.Entries;
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

        var placements = (await c.QueryAsync<HourSql.PlacementRow>(new CommandDefinition(
            "SELECT id AS Id, organisation_id AS OrganisationId, volunteer_id AS VolunteerId, start_date AS StartDate, end_date AS EndDate FROM placements WHERE id IN @ids",
            new { ids = entries.Select(e => e.PlacementId).Distinct().ToArray() }, tx, cancellationToken: ct)))
            .Where(p => !caller.IsPartner || p.OrganisationId == caller.OrganisationId)
            .ToDictionary(p => p.Id);
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
        var existing = await Existing(c, tx, d, valid.Select(i => entries[i]).ToList(), placements, ct);
        await CheckDays(c, tx, entries, valid, placements, existing, checks, ct);
        checks.ThrowIfAny();

        var locked = new SortedSet<string>(StringComparer.Ordinal);
        var inserts = new List<NewEntry>();
        var updates = new List<object>();
        var answer = new Dictionary<(long, string), HourEntryResponse>();
        foreach (var e in entries)
        {
            var placement = placements[e.PlacementId];
            var row = new
            {
                OrganisationId = placement.OrganisationId, e.ExternalId, e.PlacementId, placement.VolunteerId, e.Date, e.Minutes,
                Description = string.IsNullOrEmpty(e.Description) ? null : e.Description, Now = now,
            };
            if (!existing.TryGetValue((placement.OrganisationId, e.ExternalId), out var old))
            {
                inserts.Add(new NewEntry(row.OrganisationId, row.ExternalId, row.PlacementId, row.VolunteerId, row.Date, row.Minutes, row.Description));
            }
            else if (old.PlacementId != e.PlacementId || old.Date != e.Date || old.Minutes != e.Minutes || old.Description != row.Description)
            {
                if (old.Locked)
                {
                    locked.Add(e.ExternalId);
                }
                updates.Add(new { old.Id, row.PlacementId, row.VolunteerId, row.Date, row.Minutes, row.Description, row.Now });
                answer[(row.OrganisationId, row.ExternalId)] = new HourEntryResponse(old.Id, row.ExternalId, row.PlacementId, row.OrganisationId,
                    row.VolunteerId, row.Date, row.Minutes, row.Description, HourStatus.Submitted, null, null);
            }
            else
            {
                answer[(row.OrganisationId, row.ExternalId)] = old.ToResponse();
            }
        }
        if (locked.Count > 0)
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, Locked, "Hour entries locked",
                "These entries are approved, rejected or paid and can no longer change; nothing was written.",
                new Dictionary<string, object?> { ["externalIds"] = locked.ToList() });
        }

        await Insert(c, tx, inserts, now, ct);
        var inserted = inserts.Select(e => (e.OrganisationId, e.ExternalId)).ToHashSet();
        foreach (var row in (await Existing(c, tx, d, entries.Where(e => inserted.Contains((placements[e.PlacementId].OrganisationId, e.ExternalId))).ToList(),
            placements, ct)).Values)
        {
            answer[(row.OrganisationId, row.ExternalId)] = row.ToResponse();
        }
        // The answer is built from what was read and written, without reading the batch back.
        return new HourEntriesResponse(entries.Select(e => answer[(placements[e.PlacementId].OrganisationId, e.ExternalId)]).ToList());
    }

    private sealed record NewEntry(long OrganisationId, string ExternalId, long PlacementId, long VolunteerId, LocalDate Date, int Minutes, string? Description);

    private static readonly NodaTypeHandlers.LocalDateHandler Dates = new();
    private static readonly NodaTypeHandlers.InstantHandler Instants = new();

    /// <summary>
    /// One prepared INSERT whose parameter values change per row: for a 1,000-entry batch this is several
    /// times cheaper than a mapped statement per row (and than multi-row VALUES lists, whose parameter
    /// binding grows with the square of their size).
    /// </summary>
    private static async Task Insert(DbConnection c, DbTransaction tx, List<NewEntry> rows, Instant now, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return;
        }
        await using var command = c.CreateCommand();
        command.Transaction = tx;
        command.CommandText =
            "INSERT INTO hour_entries (organisation_id, external_id, placement_id, volunteer_id, date, minutes, description, status, created_at, updated_at, version) " +
            "VALUES (@o, @x, @p, @v, @d, @m, @t, 'submitted', @now, @now, 1)";
        DbParameter Add(string name)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            command.Parameters.Add(parameter);
            return parameter;
        }
        var (org, external, placement, volunteer, date, minutes, description, at) =
            (Add("@o"), Add("@x"), Add("@p"), Add("@v"), Add("@d"), Add("@m"), Add("@t"), Add("@now"));
        Instants.SetValue(at, now);
        external.DbType = System.Data.DbType.String;
        external.Size = 100;
        description.DbType = System.Data.DbType.String;
        description.Size = 500;
        foreach (var r in rows)
        {
            org.Value = r.OrganisationId;
            external.Value = r.ExternalId;
            placement.Value = r.PlacementId;
            volunteer.Value = r.VolunteerId;
            Dates.SetValue(date, r.Date);
            minutes.Value = r.Minutes;
            description.Value = (object?)r.Description ?? DBNull.Value;
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    private static async Task<Dictionary<(long, string), HourSql.Row>> Existing(DbConnection c, DbTransaction tx, SqlDialect d,
        IReadOnlyList<HourEntryInput> entries, Dictionary<long, HourSql.PlacementRow> placements, CancellationToken ct)
    {
        var result = new Dictionary<(long, string), HourSql.Row>();
        foreach (var group in entries.GroupBy(e => placements[e.PlacementId].OrganisationId))
        {
            var rows = await c.QueryAsync<HourSql.Row>(new CommandDefinition(
                $"SELECT {HourSql.Columns} FROM hour_entries WHERE organisation_id = @org AND external_id IN ({d.JsonValues("@ids")})",
                new { org = group.Key, ids = System.Text.Json.JsonSerializer.Serialize(group.Select(e => e.ExternalId).Distinct()) }, tx, cancellationToken: ct));
            foreach (var row in rows)
            {
                result[(row.OrganisationId, row.ExternalId)] = row;
            }
        }
        return result;
    }

    /// <summary>One volunteer's minutes per day, over all organisations, after this request: at most 24 hours.</summary>
    private static async Task CheckDays(DbConnection c, DbTransaction tx, IReadOnlyList<HourEntryInput> entries, List<int> valid,
        Dictionary<long, HourSql.PlacementRow> placements, Dictionary<(long, string), HourSql.Row> existing, Checks checks, CancellationToken ct)
    {
        if (valid.Count == 0)
        {
            return;
        }
        var totals = (await c.QueryAsync<HourSql.DayTotal>(new CommandDefinition(
            "SELECT volunteer_id AS VolunteerId, date AS Date, SUM(minutes) AS Minutes FROM hour_entries " +
            "WHERE volunteer_id IN @volunteers AND date >= @first AND date <= @last GROUP BY volunteer_id, date",
            new
            {
                volunteers = valid.Select(i => placements[entries[i].PlacementId].VolunteerId).Distinct().ToArray(),
                first = valid.Min(i => entries[i].Date),
                last = valid.Max(i => entries[i].Date),
            }, tx, cancellationToken: ct)))
            .ToDictionary(t => (t.VolunteerId, t.Date), t => t.Minutes);
        foreach (var i in valid)
        {
            var e = entries[i];
            // An entry this request replaces no longer counts with its old minutes.
            if (existing.TryGetValue((placements[e.PlacementId].OrganisationId, e.ExternalId), out var old))
            {
                totals[(old.VolunteerId, old.Date)] = totals.GetValueOrDefault((old.VolunteerId, old.Date)) - old.Minutes;
            }
        }
        foreach (var i in valid)
        {
            var key = (placements[entries[i].PlacementId].VolunteerId, entries[i].Date);
            totals[key] = totals.GetValueOrDefault(key) + entries[i].Minutes;
        }
        foreach (var i in valid)
        {
            var total = totals[(placements[entries[i].PlacementId].VolunteerId, entries[i].Date)];
            checks.Require(total <= MaxMinutesPerDay, $"entries[{i}].minutes",
                // No total in the message: it would tell a partner how long the volunteer worked elsewhere.
                "The volunteer's hours on this day would exceed 24 hours over all organisations.");
        }
    }
}
