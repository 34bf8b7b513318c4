using Burgerbaan.Api.Auth;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Contracts;
using CsvHelper.Configuration.Attributes;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;
using FromQueryAttribute = Microsoft.AspNetCore.Mvc.FromQueryAttribute;

namespace Burgerbaan.Api.Allowance;

/// <summary>
/// Finance's view over all volunteers (issue 10): the yearly totals (JSON pages or a streamed CSV) and who is near a limit. Both read the
/// running totals and apply the rules module exactly as the headroom endpoint does for one volunteer, so their figures are its figures.
/// </summary>
public static class AllowanceReports
{
    public const int DefaultThresholdPercent = 10;

    public static RouteGroupBuilder MapAllowanceReports(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/allowance").WithTags("Allowance").RequireAuthorization(Policies.Finance);
        group.MapGet("/yearly-totals", YearlyTotals).WithName("ListYearlyTotals")
            .WithSummary("Every volunteer's allowance total in a year")
            .WithDescription("Per volunteer with an agreement touching the year or something counted in it (deactivated ones too, with active: false): " +
                "the legal annual limit, the effective cap, what counts and the headroom: the figures of GET /v1/volunteers/{id}/allowance/{year}. " +
                "year defaults to the current one (Europe/Amsterdam). By volunteer id, cursor paged; as CSV (Accept: text/csv or format=csv) every " +
                "row, streamed, without limit or cursor (README, CSV exports, lists the columns). A year without limits is a 422 allowance_limits_missing.")
            .Produces<Page<YearlyTotalResponse>>(StatusCodes.Status200OK, "application/json", CsvExport.MediaType)
            .WithMetadata(YearlyExample)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/near-limit", NearLimit.List).WithName("ListNearLimit")
            .WithSummary("Volunteers close to a limit")
            .WithDescription("Volunteers with less room than thresholdPercent (1 to 100, default 10) of a cap left: the year's effective cap, or the " +
                "current month's legal limit (today in Europe/Amsterdam; only when year is the current year, its default). Less than, as in the " +
                "self-service warnings: exactly the threshold left is not near. Each volunteer lists the limits concerned with their cap, counted and " +
                "headroom, the figures of GET /v1/volunteers/{id}/allowance/{year}. By volunteer id, cursor paged. A year without limits is a 422 " +
                "allowance_limits_missing.")
            .Produces<Page<NearLimitResponse>>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return group;
    }

    public sealed record YearlyQuery(
        [FromQuery(Name = "year")] int? Year,
        [FromQuery(Name = "limit")] int? Limit,
        [FromQuery(Name = "cursor")] string? Cursor,
        [FromQuery(Name = "format"), EnumQuery(typeof(ReportFormat))] string? Format);

    internal sealed class YearlyRow
    {
        [Name("volunteer_id"), Index(0)] public long VolunteerId { get; init; }
        [Name("first_name"), Index(1)] public required string FirstName { get; init; }
        [Name("last_name"), Index(2)] public required string LastName { get; init; }
        [Name("active"), Index(3)] public required string Active { get; init; }
        [Name("year"), Index(4)] public int Year { get; init; }
        [Name("legal_annual_limit_cents"), Index(5)] public long LegalAnnualLimitCents { get; init; }
        [Name("effective_annual_cap_cents"), Index(6)] public long EffectiveAnnualCapCents { get; init; }
        [Name("counted_cents"), Index(7)] public long CountedCents { get; init; }
        [Name("headroom_cents"), Index(8)] public long HeadroomCents { get; init; }
    }

    internal static readonly CsvExample YearlyExample = new(
        "volunteer_id,first_name,last_name,active,year,legal_annual_limit_cents,effective_annual_cap_cents,counted_cents,headroom_cents\r\n" +
        "7,Anna,de Jong,true,2025,210000,210000,195000,15000\r\n" +
        "9,Joris,de Boer,false,2025,210000,150000,42000,108000\r\n");

    private static async Task<Results<Ok<Page<YearlyTotalResponse>>, CsvResult>> YearlyTotals([AsParameters] YearlyQuery query, HttpContext http,
        Db db, IClock clock, CancellationToken ct)
    {
        var year = Year(query.Year, clock);
        var csv = CsvExport.Wanted(http.Request, EnumQuery.Parse<ReportFormat>(query.Format, "format"));
        var (limit, after) = csv ? (0, 0L) : new PageQuery(query.Limit, query.Cursor).Resolve();
        if (csv)
        {
            CsvExport.RefusePaging(query.Limit, query.Cursor);
        }
        // Checked before the answer starts: a missing year is a problem, not an empty file.
        var limits = await db.ReadAsync((c, token) => LimitsOf(c, year, token), ct);
        var args = new { year, after, first = new LocalDate(year, 1, 1), last = new LocalDate(year, 12, 31), take = limit + 1 };
        if (csv)
        {
            var sql = AllowanceReportSql.Yearly(null);
            return CsvExport.Stream($"yearly-totals-{year}.csv", (c, token) =>
                c.QueryUnbufferedAsync<AllowanceReportSql.YearRow>(sql, args).Select(r => ToCsv(Total(r, limits, year)), token));
        }
        var rows = await db.ReadAsync(async (c, token) => (await c.QueryAsync<AllowanceReportSql.YearRow>(new CommandDefinition(
            AllowanceReportSql.Yearly(db.Dialect.Limit("@take")), args, cancellationToken: token))).AsList(), ct);
        return TypedResults.Ok(Paging.ToPage(rows, limit, r => r.VolunteerId, r => Total(r, limits, year)));
    }

    private static YearlyTotalResponse Total(AllowanceReportSql.YearRow r, Limits limits, int year)
    {
        var room = r.Year(limits, year);
        return new YearlyTotalResponse(r.VolunteerId, r.FirstName, r.LastName, r.Active, year, room.LegalAnnualCents, room.EffectiveCapCents,
            room.CountedCents, room.HeadroomCents);
    }

    private static YearlyRow ToCsv(YearlyTotalResponse t) => new()
    {
        VolunteerId = t.VolunteerId, FirstName = t.FirstName, LastName = t.LastName, Active = t.Active ? "true" : "false", Year = t.Year,
        LegalAnnualLimitCents = t.LegalAnnualLimitCents, EffectiveAnnualCapCents = t.EffectiveAnnualCapCents, CountedCents = t.CountedCents,
        HeadroomCents = t.HeadroomCents,
    };

    /// <summary>The year asked, or the current one in Europe/Amsterdam; 2000 to 2100 like the headroom endpoint.</summary>
    internal static int Year(int? year, IClock clock)
    {
        new Checks().Require(year is null or (>= 2000 and <= 2100), "year", "year must lie between 2000 and 2100.").ThrowIfAny();
        return year ?? Today.In(clock).Year;
    }

    /// <summary>The year's limits, or the headroom endpoint's 422.</summary>
    internal static async Task<Limits> LimitsOf(System.Data.Common.DbConnection c, int year, CancellationToken ct) =>
        (await LimitsSql.Limits(c, null, year, ct))?.ToLimits()
        ?? throw new ApiProblemException(StatusCodes.Status422UnprocessableEntity, AllowanceRules.LimitsMissing, "Allowance limits missing",
            $"No allowance limits are set for {year}; an admin sets them with PUT /v1/allowance-limits/{year}.");
}
