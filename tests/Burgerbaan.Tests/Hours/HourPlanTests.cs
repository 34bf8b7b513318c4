using Burgerbaan.Api.Hours;
using Burgerbaan.Contracts;
using NodaTime;
using static Burgerbaan.Api.Hours.HourPlan;

namespace Burgerbaan.Tests.Hours;

// The pure planning step of POST /v1/hours: what the write must do per entry, and which volunteer-days would
// hold more than 24 hours. Organisation 7 holds placements 70 (volunteer 1) and 71 (volunteer 2); organisation 8
// holds placement 80 (volunteer 1).
public class HourPlanTests
{
    private static readonly LocalDate Day = new(2025, 3, 3);

    private static readonly Dictionary<long, HourSql.PlacementRow> Placements = new()
    {
        [70] = new() { Id = 70, OrganisationId = 7, VolunteerId = 1, StartDate = new LocalDate(2024, 1, 1) },
        [71] = new() { Id = 71, OrganisationId = 7, VolunteerId = 2, StartDate = new LocalDate(2024, 1, 1) },
        [80] = new() { Id = 80, OrganisationId = 8, VolunteerId = 1, StartDate = new LocalDate(2024, 1, 1) },
    };

    private static HourSql.Row Stored(string externalId, long placement, LocalDate date, int minutes, string? description = null,
        HourStatus status = HourStatus.Submitted, long? payoutId = null) => new()
    {
        Id = 1000 + externalId.Length, ExternalId = externalId, PlacementId = placement, OrganisationId = Placements[placement].OrganisationId,
        VolunteerId = Placements[placement].VolunteerId, Date = date, Minutes = minutes, Description = description, Status = status,
        PayoutId = payoutId, Version = 3,
    };

    private static Dictionary<(long, string), HourSql.Row> StoredAs(params HourSql.Row[] rows) => rows.ToDictionary(r => (r.OrganisationId, r.ExternalId));

    private static HourEntryInput In(string externalId, long placement, LocalDate date, int minutes, string? description = null) =>
        new(externalId, placement, date, minutes, description);

    // The kind by name: HourPlan is internal, and a public test method cannot take its enum.
    public static TheoryData<string, HourEntryInput, string> Kinds => new()
    {
        { "nothing stored", In("new", 70, Day, 60), nameof(Kind.Insert) },
        { "the same content", In("s", 70, Day, 60, "Koffie"), nameof(Kind.Unchanged) },
        { "other minutes", In("s", 70, Day, 61, "Koffie"), nameof(Kind.Update) },
        { "another date", In("s", 70, Day.PlusDays(-1), 60, "Koffie"), nameof(Kind.Update) },
        { "another placement of the organisation", In("s", 71, Day, 60, "Koffie"), nameof(Kind.Update) },
        { "another description", In("s", 70, Day, 60, "Thee"), nameof(Kind.Update) },
        { "no description", In("s", 70, Day, 60), nameof(Kind.Update) },
        { "the same content for an approved entry", In("a", 70, Day, 30), nameof(Kind.Unchanged) },
        { "other minutes for an approved entry", In("a", 70, Day, 31), nameof(Kind.Locked) },
        { "other minutes for a rejected entry", In("r", 70, Day, 31), nameof(Kind.Locked) },
        { "other minutes for a paid entry", In("p", 70, Day, 31), nameof(Kind.Locked) },
        { "the same externalId at another organisation", In("s", 80, Day, 60, "Koffie"), nameof(Kind.Insert) },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Each_entry_is_planned_as_insert_update_unchanged_or_locked(string row, HourEntryInput entry, string kind)
    {
        var stored = StoredAs(Stored("s", 70, Day, 60, "Koffie"), Stored("a", 70, Day, 30, status: HourStatus.Approved),
            Stored("r", 70, Day, 30, status: HourStatus.Rejected), Stored("p", 70, Day, 30, status: HourStatus.Approved, payoutId: 5));

        var step = Assert.Single(Plan([entry], Placements, stored));

        Assert.Equal((row, Enum.Parse<Kind>(kind)), (row, step.Kind));
        Assert.Equal((0, entry, Placements[entry.PlacementId].OrganisationId, Placements[entry.PlacementId].VolunteerId),
            (step.Index, step.Entry, step.OrganisationId, step.VolunteerId));
        Assert.Same(stored.GetValueOrDefault((step.OrganisationId, entry.ExternalId)), step.Stored);
    }

    [Fact]
    public void An_empty_description_is_none_so_sending_it_for_a_stored_none_is_no_change()
    {
        var steps = Plan([In("s", 70, Day, 60, "")], Placements, StoredAs(Stored("s", 70, Day, 60)));

        Assert.Equal((Kind.Unchanged, null), (steps[0].Kind, steps[0].Description));
    }

    [Fact]
    public void Steps_keep_the_request_order_with_their_index()
    {
        var steps = Plan([In("b", 70, Day, 1), In("s", 70, Day, 2), In("a", 80, Day, 3)], Placements, StoredAs(Stored("s", 70, Day, 60)));

        Assert.Equal([(0, "b", Kind.Insert), (1, "s", Kind.Update), (2, "a", Kind.Insert)], steps.Select(s => (s.Index, s.Entry.ExternalId, s.Kind)));
    }

    public static TheoryData<string, int[], HourEntryInput[], int[]> Days => new()
    {
        // row, stored minutes of volunteer 1 on Day (the stored entry "s" holds 1000 of them) and Day+1, request, indices over 24 hours
        { "a new entry that just fits", [1000, 0], [In("n", 80, Day, 440)], [] },
        { "a new entry one minute over", [1000, 0], [In("n", 80, Day, 441)], [0] },
        { "two new entries that together overfill: both named", [1000, 0], [In("p", 70, Day, 300), In("q", 80, Day, 300)], [0, 1] },
        { "another volunteer's day is apart", [1440, 0], [In("n", 71, Day, 1440)], [] },
        { "a correction counts its new minutes, not old and new", [1440, 0], [In("s", 70, Day, 1000)], [] },
        { "a correction one minute over", [1440, 0], [In("s", 70, Day, 1001)], [0] },
        { "moving an entry to another day frees its old day", [1440, 1000], [In("s", 70, Day.PlusDays(1), 440), In("n", 80, Day, 1000)], [] },
        { "moving an entry onto a full day", [1000, 1440], [In("s", 70, Day.PlusDays(1), 1)], [0] },
    };

    [Theory]
    [MemberData(nameof(Days))]
    public void A_volunteers_day_holds_at_most_24_hours_after_the_request(string row, int[] storedMinutes, HourEntryInput[] request, int[] over)
    {
        var stored = StoredAs(Stored("s", 70, Day, 1000));
        var totals = new Dictionary<(long VolunteerId, LocalDate Date), long>
        {
            [(1, Day)] = storedMinutes[0], [(1, Day.PlusDays(1))] = storedMinutes[1], [(2, Day)] = 0,
        };

        var overfull = OverfullDays(request, Enumerable.Range(0, request.Length).ToList(), Placements, stored, totals);

        Assert.Equal((row, string.Join(",", over)), (row, string.Join(",", overfull)));
    }

    [Fact]
    public void Entries_left_out_of_the_count_do_not_fill_a_day()
    {
        HourEntryInput[] request = [In("bad", 70, Day, 1441), In("ok", 70, Day, 10)];

        Assert.Empty(OverfullDays(request, [1], Placements, StoredAs(), new Dictionary<(long VolunteerId, LocalDate Date), long>()));
    }
}
