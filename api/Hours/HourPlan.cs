using Burgerbaan.Contracts;
using NodaTime;

namespace Burgerbaan.Api.Hours;

/// <summary>
/// The pure middle of <c>POST /v1/hours</c>: given the request, the placements and the stored entries it
/// decides per entry what the write must do, and which days would hold more than 24 hours. No I/O here, so
/// every decision is unit-tested, and the write has one step per entry to carry out (a kind of step that is
/// planned but never written shows up as an entry without an answer).
/// </summary>
internal static class HourPlan
{
    public enum Kind
    {
        /// <summary>No stored entry with this (organisation, externalId).</summary>
        Insert,

        /// <summary>A submitted, unpaid entry with other content: the versioned UPDATE replaces it.</summary>
        Update,

        /// <summary>The same content as stored: nothing is written, the stored entry is the answer.</summary>
        Unchanged,

        /// <summary>Other content for an approved, rejected or paid entry: the request is refused.</summary>
        Locked,
    }

    /// <summary>One entry of the request (at <see cref="Index"/>) and what the write does with it.</summary>
    internal sealed record Step(int Index, Kind Kind, long OrganisationId, long VolunteerId, HourEntryInput Entry, string? Description, HourSql.Row? Stored)
    {
        public (long OrganisationId, string ExternalId) Key => (OrganisationId, Entry.ExternalId);
    }

    /// <summary>An empty description is stored as none, so sending "" again for a stored null is no change.</summary>
    public static string? Description(string? description) => string.IsNullOrEmpty(description) ? null : description;

    /// <summary>
    /// One step per entry, in request order. Every entry's placement is in <paramref name="placements"/> (checked
    /// before planning); <paramref name="stored"/> holds the stored entries by (organisation, externalId).
    /// </summary>
    public static IReadOnlyList<Step> Plan(IReadOnlyList<HourEntryInput> entries, IReadOnlyDictionary<long, HourSql.PlacementRow> placements,
        IReadOnlyDictionary<(long, string), HourSql.Row> stored)
    {
        var steps = new List<Step>(entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            var placement = placements[e.PlacementId];
            var description = Description(e.Description);
            var kind = !stored.TryGetValue((placement.OrganisationId, e.ExternalId), out var old) ? Kind.Insert
                : old.PlacementId == e.PlacementId && old.Date == e.Date && old.Minutes == e.Minutes && old.Description == description ? Kind.Unchanged
                : old.Locked ? Kind.Locked
                : Kind.Update;
            steps.Add(new Step(i, kind, placement.OrganisationId, placement.VolunteerId, e, description, old));
        }
        return steps;
    }

    /// <summary>
    /// The indices (of <paramref name="counted"/>) whose volunteer's day would hold more than 24 hours over all
    /// organisations once the request is stored. <paramref name="totals"/> are the stored minutes per volunteer
    /// and day; an entry this request replaces no longer counts with its stored minutes, on its stored day.
    /// </summary>
    public static IReadOnlyList<int> OverfullDays(IReadOnlyList<HourEntryInput> entries, IReadOnlyList<int> counted,
        IReadOnlyDictionary<long, HourSql.PlacementRow> placements, IReadOnlyDictionary<(long, string), HourSql.Row> stored,
        IReadOnlyDictionary<(long VolunteerId, LocalDate Date), long> totals)
    {
        var after = new Dictionary<(long, LocalDate), long>(totals.ToDictionary(t => (t.Key.VolunteerId, t.Key.Date), t => t.Value));
        foreach (var i in counted)
        {
            if (stored.TryGetValue((placements[entries[i].PlacementId].OrganisationId, entries[i].ExternalId), out var old))
            {
                after[(old.VolunteerId, old.Date)] = after.GetValueOrDefault((old.VolunteerId, old.Date)) - old.Minutes;
            }
        }
        foreach (var i in counted)
        {
            var key = (placements[entries[i].PlacementId].VolunteerId, entries[i].Date);
            after[key] = after.GetValueOrDefault(key) + entries[i].Minutes;
        }
        return counted.Where(i => after[(placements[entries[i].PlacementId].VolunteerId, entries[i].Date)] > HourIngestion.MaxMinutesPerDay).ToList();
    }
}
