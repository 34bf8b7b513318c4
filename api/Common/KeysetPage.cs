using Burgerbaan.Api.Data;

namespace Burgerbaan.Api.Common;

/// <summary>
/// The statement of one page of a filtered list. Every list copies this pattern:
/// <list type="bullet">
/// <item>a predicate only for each filter actually given (<see cref="When"/>), never <c>(@x IS NULL OR col = @x)</c>:
/// SQLite plans one statement for every case and then scans the table;</item>
/// <item>keyset paging on the ascending id (<c>id &gt; @after ORDER BY id</c>, the cursor of <see cref="Paging"/>);</item>
/// <item>for each equality filter an index <c>(column, id)</c> in both migration folders, so a filtered page is read
/// in id order straight from the index, with no sort and no scan;</item>
/// <item>a row in <c>ListQueryPlanTests</c> per filter (and per combination that is used) that runs EXPLAIN QUERY PLAN
/// on the statement, so a later change that falls back to a scan or a sort fails.</item>
/// </list>
/// Values stay parameters (<c>@name</c>); Dapper sends only those the text names, so absent filters cost nothing.
/// </summary>
public sealed class KeysetPage
{
    private readonly string id;
    private readonly List<string> where;

    /// <param name="id">The id column as the statement names it, e.g. <c>id</c> or <c>a.id</c>.</param>
    public KeysetPage(string id = "id")
    {
        this.id = id;
        where = [$"{id} > @after"];
    }

    /// <summary>Adds <paramref name="predicate"/> (ANDed) when the filter is given.</summary>
    public KeysetPage When(bool given, string predicate)
    {
        if (given)
        {
            where.Add(predicate);
        }
        return this;
    }

    /// <summary>
    /// <paramref name="selectFrom"/> (the <c>SELECT ... FROM ...</c> part) with the WHERE of the given filters, in id
    /// order, at most <c>@take</c> rows.
    /// </summary>
    public string Sql(string selectFrom, SqlDialect dialect) =>
        $"{selectFrom} WHERE {string.Join(" AND ", where)} ORDER BY {id} {dialect.Limit("@take")}";

    /// <summary>The same without a page size (<c>@after</c> 0): every matching row in id order, for an export that streams them.</summary>
    public string AllSql(string selectFrom) => $"{selectFrom} WHERE {string.Join(" AND ", where)} ORDER BY {id}";
}
