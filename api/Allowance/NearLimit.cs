using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Contracts;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;
using FromQueryAttribute = Microsoft.AspNetCore.Mvc.FromQueryAttribute;

namespace Burgerbaan.Api.Allowance;

/// <summary>
/// <c>GET /v1/allowance/near-limit</c>: who has less than a threshold of a cap left, in the year or in the current month. Near is decided
/// in whole cents (headroom x 100 &lt; threshold x cap), the self-service warnings' rule with another threshold.
/// </summary>
internal static class NearLimit
{
    public sealed record Query(
        [FromQuery(Name = "year")] int? Year,
        [FromQuery(Name = "thresholdPercent")] int? ThresholdPercent,
        [FromQuery(Name = "limit")] int? Limit,
        [FromQuery(Name = "cursor")] string? Cursor);

    public static async Task<Ok<Page<NearLimitResponse>>> List([AsParameters] Query query, Db db, IClock clock, CancellationToken ct)
    {
        var threshold = query.ThresholdPercent ?? AllowanceReports.DefaultThresholdPercent;
        new Checks().Require(threshold is >= 1 and <= 100, "thresholdPercent", "thresholdPercent must be a whole number from 1 to 100.").ThrowIfAny();
        var year = AllowanceReports.Year(query.Year, clock);
        var (limit, after) = new PageQuery(query.Limit, query.Cursor).Resolve();
        var today = Today.In(clock);
        // The current month only counts in the current year: another year has no "this month".
        YearMonth? month = today.Year == year ? new YearMonth(today.Year, today.Month) : null;
        var page = await db.ReadAsync(async (c, token) =>
        {
            var limits = await AllowanceReports.LimitsOf(c, year, token);
            // Stryker disable once Arithmetic: only the list's first capacity; the page is the same.
            var found = new List<NearLimitResponse>(limit + 1);
            // Read as it goes and stop once the page is full: volunteers far from every limit are passed over without being kept.
            await foreach (var row in c.QueryUnbufferedAsync<AllowanceReportSql.YearRow>(AllowanceReportSql.Counted, new { year, after, month,
                first = new LocalDate(year, 1, 1), last = new LocalDate(year, 12, 31) }).WithCancellation(token))
            {
                if (Near(row, limits, year, month, threshold) is { } near)
                {
                    found.Add(near);
                    // Stryker disable once Statement,Block: without the break the whole year is read, and Paging.ToPage still
                    // takes the first limit rows and the same cursor; what the break saves is reading, not a different answer.
                    if (found.Count > limit)
                    {
                        break;
                    }
                }
            }
            return found;
        }, ct);
        return TypedResults.Ok(Paging.ToPage(page, limit, r => r.VolunteerId, r => r));
    }

    /// <summary>The limits of which less than <paramref name="threshold"/> percent is left, or null when none.</summary>
    internal static NearLimitResponse? Near(AllowanceReportSql.YearRow row, Limits limits, int year, YearMonth? month, int threshold)
    {
        var entries = new List<NearLimitEntry>(2);
        var yearRoom = row.Year(limits, year);
        if (Below(yearRoom.HeadroomCents, yearRoom.EffectiveCapCents, threshold))
        {
            entries.Add(new NearLimitEntry(AllowanceLimitKind.Year, null, yearRoom.EffectiveCapCents, yearRoom.CountedCents, yearRoom.HeadroomCents));
        }
        if (month is { } current)
        {
            var monthRoom = AllowanceRules.Month(limits, current, row.CountedMonthCents, yearRoom);
            if (Below(monthRoom.HeadroomCents, monthRoom.LimitCents, threshold))
            {
                entries.Add(new NearLimitEntry(AllowanceLimitKind.Month, current, monthRoom.LimitCents, monthRoom.CountedCents, monthRoom.HeadroomCents));
            }
        }
        return entries.Count == 0 ? null : new NearLimitResponse(row.VolunteerId, row.FirstName, row.LastName, row.Active, year, entries);
    }

    private static bool Below(long headroomCents, long capCents, int thresholdPercent) => headroomCents * 100 < capCents * thresholdPercent;
}
