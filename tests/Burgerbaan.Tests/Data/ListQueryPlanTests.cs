using Burgerbaan.Api.ApiKeys;
using Burgerbaan.Api.Data;
using Burgerbaan.Api.Hours;
using Burgerbaan.Api.Organisations;
using Burgerbaan.Api.PayoutRuns;
using Burgerbaan.Api.Payouts;
using Burgerbaan.Api.Placements;
using Burgerbaan.Api.Volunteers;
using Burgerbaan.Contracts;
using Burgerbaan.Migrations;
using Burgerbaan.Tests.Infrastructure;
using Dapper;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Burgerbaan.Tests.Data;

/// <summary>
/// The statements the list endpoints run, planned by SQLite on the production schema: each list and each filter (and
/// each combination that is used) reads its table through an index or the primary key in id order, so a page costs
/// the rows it returns: never a scan of the table, never a sort (USE TEMP B-TREE FOR ORDER BY). The audit list has
/// its own (AuditQueryPlanTests), as it sorts one instant range on purpose.
/// </summary>
public sealed class ListQueryPlanTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    private const string Pk = "INTEGER PRIMARY KEY";
    private const string PkEquals = "INTEGER PRIMARY KEY (rowid=?)";
    private static readonly SqlDialect Sqlite = new(DatabaseProvider.Sqlite);
    private static readonly LocalDate March = new(2025, 3, 1);

    public static TheoryData<string, string> HourFilters() => new()
    {
        // filters given (a partner's key gives org implicitly: the same statement), the index that must serve them
        { "none", Pk },
        { "org", "ix_hours_organisation" },
        { "placement", "ix_hours_placement" },
        { "volunteer", "ix_hours_volunteer" },
        // the approval queue reads only the organisation's submitted entries
        { "org submitted", "ix_hours_organisation_submitted" },
        { "org approved", "ix_hours_organisation" },
        { "org paid", "ix_hours_organisation" },
        { "org from to", "ix_hours_organisation" },
        { "org placement", "ix_hours_placement" },
        { "org volunteer", "ix_hours_volunteer" },
        { "org placement submitted from to", "ix_hours_organisation_submitted" },
        { "volunteer from to", "ix_hours_volunteer" },
        { "volunteer approved", "ix_hours_volunteer" },
        { "placement from to submitted", "ix_hours_placement" },
        // alone, a date range or a status narrows the primary key walk: no index on them orders by id
        { "from", Pk },
        { "from to", Pk },
        { "submitted", Pk },
    };

    [Theory]
    [MemberData(nameof(HourFilters))]
    public async Task Hours_list_reads_through_its_index_in_id_order(string filters, string index)
    {
        var given = filters.Split(' ');
        var status = given.Contains("submitted") ? HourStatus.Submitted
            : given.Contains("approved") ? HourStatus.Approved
            : given.Contains("paid") ? HourStatus.Paid : (HourStatus?)null;
        var criteria = new HourEndpoints.ListCriteria(
            given.Contains("org") ? 1 : null, given.Contains("placement") ? 2 : null, given.Contains("volunteer") ? 3 : null,
            given.Contains("from") ? March : null, given.Contains("to") ? March.PlusDays(30) : null, status);

        var plan = await Plan(criteria.Sql(Sqlite), criteria.Args(10, 51));

        AssertSearch(plan, "hour_entries", index);
    }

    public static TheoryData<string, string> PayoutFilters() => new()
    {
        // filters given, the index that must serve them
        { "none", Pk },
        { "volunteer", "ix_payouts_volunteer" },
        { "volunteer from to", "ix_payouts_volunteer" },
        { "volunteer pending", "ix_payouts_volunteer_status" },
        { "volunteer kind", "ix_payouts_volunteer" },
        { "volunteer from to pending kind", "ix_payouts_volunteer_status" },
        // one month is an equality on period: (volunteer_id, period) then holds the rows in id order
        { "volunteer month", "ix_payouts_volunteer_period" },
        { "month", "ix_payouts_period" },
        { "month pending", "ix_payouts_status" },
        { "pending", "ix_payouts_status" },
        { "pending kind", "ix_payouts_status" },
        // alone, a kind narrows the primary key walk
        { "kind", Pk },
    };

    /// <summary>
    /// A range of months over all volunteers is the one sort: payouts are not in period order by id, and walking the
    /// primary key would read the whole history before the range. The period index reads only the range's rows.
    /// </summary>
    [Fact]
    public async Task A_range_of_months_reads_only_its_rows_and_sorts_them()
    {
        var criteria = new PayoutEndpoints.ListCriteria(null, new YearMonth(2025, 1), new YearMonth(2025, 3), null, null);

        var plan = await Plan(criteria.Sql(Sqlite), criteria.Args(10, 51));

        Assert.Equal(["SEARCH payouts USING INDEX ix_payouts_period (period>? AND period<?)", "USE TEMP B-TREE FOR ORDER BY"], plan);
    }

    [Theory]
    [MemberData(nameof(PayoutFilters))]
    public async Task Payouts_list_reads_through_its_index_in_id_order(string filters, string index)
    {
        var given = filters.Split(' ');
        var month = new YearMonth(2025, 3);
        var criteria = new PayoutEndpoints.ListCriteria(
            given.Contains("volunteer") ? 3 : null,
            given.Contains("from") ? month : given.Contains("month") ? month : null,
            given.Contains("to") ? month.PlusMonths(2) : given.Contains("month") ? month : null,
            given.Contains("pending") ? PayoutStatus.Pending : null,
            given.Contains("kind") ? PayoutKind.Travel : null);

        var plan = await Plan(criteria.Sql(Sqlite), criteria.Args(10, 51));

        AssertSearch(plan, "payouts", index);
    }

    public static TheoryData<string, string, string> OtherLists() => new()
    {
        // list and filters, table as the plan names it, the index that must serve it
        { "placements", "p", Pk },
        { "placements org", "p", "ix_placements_organisation" },
        { "placements volunteer", "p", "ix_placements_volunteer" },
        { "placements org volunteer", "p", "ix_placements_volunteer" },
        { "organisations", "organisations", Pk },
        { "organisations partner", "organisations", PkEquals },
        { "volunteers", "volunteers", Pk },
        { "api-keys", "api_keys", Pk },
        { "agreements", "agreements", "ix_agreements_volunteer_id" },
        { "payout-runs", "payout_runs", Pk },
        { "payout-runs period", "payout_runs", "ix_payout_runs_period" },
        { "outside-allowances", "outside_allowances", "ix_outside_allowances_volunteer_id" },
    };

    [Theory]
    [MemberData(nameof(OtherLists))]
    public async Task Other_lists_read_through_their_index_in_id_order(string filters, string table, string index)
    {
        var given = filters.Split(' ');
        var sql = given[0] switch
        {
            "placements" => PlacementEndpoints.ListSql(given.Contains("org"), given.Contains("volunteer"), Sqlite),
            "organisations" => OrganisationEndpoints.ListSql(given.Contains("partner"), Sqlite),
            "volunteers" => VolunteerEndpoints.ListSql(Sqlite),
            "api-keys" => ApiKeyEndpoints.ListSql(Sqlite),
            "agreements" => AgreementEndpoints.ListSql(Sqlite),
            "outside-allowances" => Burgerbaan.Api.OutsideAllowances.OutsideAllowanceEndpoints.ListSql(Sqlite),
            _ => PayoutRunEndpoints.ListSql(given.Contains("period"), Sqlite),
        };

        var plan = await Plan(sql, new { after = 10L, take = 51, org = 1L, volunteer = 3L, volunteerId = 3L, period = "2025-03" });

        AssertSearch(plan, table, index);
        if (table == "p")
        {
            Assert.Contains(plan, d => d.StartsWith("SEARCH v USING INTEGER PRIMARY KEY", StringComparison.Ordinal));
        }
    }

    private async Task<List<string>> Plan(string sql, object args)
    {
        _ = api.Anonymous(); // starts the service, which migrates the file
        await using var c = new SqliteConnection(api.ConnectionString);
        await c.OpenAsync();
        return (await c.QueryAsync<(long Id, long Parent, long NotUsed, string Detail)>("EXPLAIN QUERY PLAN " + sql, args))
            .Select(r => r.Detail).ToList();
    }

    /// <summary>The table is searched (never scanned) through <paramref name="index"/>, the cursor bound is part of the
    /// search, and nothing is sorted. Of two equality filters the planner takes the more selective index (placement or
    /// volunteer over organisation, volunteer over status), which a partner's implicit organisation filter relies on.</summary>
    private static void AssertSearch(List<string> plan, string table, string index)
    {
        var step = Assert.Single(plan, d => d.StartsWith($"SEARCH {table} ", StringComparison.Ordinal)
            || d.StartsWith($"SCAN {table}", StringComparison.Ordinal));
        var expected = index switch
        {
            Pk => $"SEARCH {table} USING {Pk} (rowid>?)",
            PkEquals => $"SEARCH {table} USING {PkEquals}", // a partner's own organisation: one row
            _ => $"SEARCH {table} USING INDEX {index}",
        };
        Assert.True(step.StartsWith(expected, StringComparison.Ordinal) && (index == PkEquals || step.Contains("id>?)", StringComparison.Ordinal)),
            $"expected {expected} ... id>?), planned: {string.Join(" | ", plan)}");
        Assert.DoesNotContain(plan, d => d.StartsWith("SCAN ", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, d => d.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }
}
