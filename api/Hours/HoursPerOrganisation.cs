using Burgerbaan.Api.Allowance;
using Burgerbaan.Api.Auth;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Contracts;
using CsvHelper.Configuration.Attributes;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;
using FromQueryAttribute = Microsoft.AspNetCore.Mvc.FromQueryAttribute;

namespace Burgerbaan.Api.Hours;

/// <summary>
/// Hours per organisation per month (issue 10), as JSON or CSV: the minutes per status that the placement summary gives per placement,
/// summed per organisation and month. Readable by whoever reads the hour entries; a partner key sees its own organisation only.
/// </summary>
public static class HoursPerOrganisation
{
    /// <summary>Two years of months at most: a report, not a history dump (hours are reported at most 13 months back).</summary>
    public const int MaxMonths = 24;

    public static RouteHandlerBuilder MapHoursPerOrganisation(this IEndpointRouteBuilder app) =>
        app.MapGet("/v1/hours/per-organisation", Get).WithName("GetHoursPerOrganisation").WithTags("Hours")
            .RequireAuthorization(Policies.RegistryOrPartner).RequireRateLimiting(HourEndpoints.RateLimitPolicy)
            .WithSummary("Hours per organisation per month")
            .WithDescription($"For the months from..to (yyyy-MM, both required, inclusive, at most {MaxMonths}): per organisation and month the " +
                "submitted, approved (not yet paid), rejected and paid minutes (each entry under one status, as in the placement summary), the " +
                "number of entries and of distinct volunteers; only months with entries have a row. Filter by organisationId. A partner key sees " +
                "its own organisation only (another organisation's id gives no rows). JSON, or CSV with Accept: text/csv or format=csv " +
                "(README, CSV exports, lists the columns).")
            .Produces<HoursPerOrganisationResponse>(StatusCodes.Status200OK, "application/json", CsvExport.MediaType)
            .WithMetadata(Example)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

    public sealed record Query(
        [FromQuery(Name = "from")] string? From,
        [FromQuery(Name = "to")] string? To,
        [FromQuery(Name = "organisationId")] long? OrganisationId,
        [FromQuery(Name = "format"), EnumQuery(typeof(ReportFormat))] string? Format);

    internal sealed class Row
    {
        [Name("organisation_id"), Index(0)] public long OrganisationId { get; init; }
        [Name("organisation_name"), Index(1)] public required string OrganisationName { get; init; }
        [Name("month"), Index(2)] public required string Month { get; init; }
        [Name("submitted_minutes"), Index(3)] public long SubmittedMinutes { get; init; }
        [Name("approved_minutes"), Index(4)] public long ApprovedMinutes { get; init; }
        [Name("rejected_minutes"), Index(5)] public long RejectedMinutes { get; init; }
        [Name("paid_minutes"), Index(6)] public long PaidMinutes { get; init; }
        [Name("entries"), Index(7)] public long Entries { get; init; }
        [Name("volunteers"), Index(8)] public long Volunteers { get; init; }
    }

    internal static readonly CsvExample Example = new(
        "organisation_id,organisation_name,month,submitted_minutes,approved_minutes,rejected_minutes,paid_minutes,entries,volunteers\r\n" +
        "3,Humanitas Almere,2025-02,0,120,0,1080,5,2\r\n" +
        "3,Humanitas Almere,2025-03,240,600,60,0,6,3\r\n");

    private static async Task<Results<Ok<HoursPerOrganisationResponse>, CsvResult>> Get([AsParameters] Query query, HttpContext http, Db db, CancellationToken ct)
    {
        var from = QueryValues.Month(query.From, "from");
        var to = QueryValues.Month(query.To, "to");
        var csv = CsvExport.Wanted(http.Request, EnumQuery.Parse<ReportFormat>(query.Format, "format"));
        new Checks()
            .Require(from is not null, "from", "from is required, as yyyy-MM.")
            .Require(to is not null, "to", "to is required, as yyyy-MM.")
            .ThrowIfAny();
        new Checks()
            .Require(from <= to, "to", "to must not lie before from.")
            .Require(from > to || Months(from!.Value, to!.Value) <= MaxMonths, "to", $"At most {MaxMonths} months at once.")
            .ThrowIfAny();
        var caller = Caller.From(http.User);
        // A partner reads its own organisation; naming another gives nothing, as the hour list does.
        var organisation = caller.IsPartner ? caller.OrganisationId : query.OrganisationId;
        var none = caller.IsPartner && query.OrganisationId is { } asked && asked != caller.OrganisationId;
        var sql = Sql(db.Dialect, organisation is not null, none);
        var args = new { first = AllowanceRules.FirstDay(from!.Value), last = AllowanceRules.LastDay(to!.Value), organisation };
        if (csv)
        {
            return CsvExport.Stream("hours-per-organisation.csv", (c, token) => c.QueryUnbufferedAsync<SumRow>(sql, args).Select(ToRow, token));
        }
        var rows = await db.ReadAsync(async (c, token) => (await c.QueryAsync<SumRow>(new CommandDefinition(sql, args, cancellationToken: token))).AsList(), ct);
        return TypedResults.Ok(new HoursPerOrganisationResponse(from.Value, to.Value, organisation, rows.Select(r =>
            new OrganisationMonthHoursResponse(r.OrganisationId, r.OrganisationName, YearMonthOf(r.Month), r.SubmittedMinutes, r.ApprovedMinutes,
                r.RejectedMinutes, r.PaidMinutes, r.Entries, r.Volunteers)).ToList()));
    }

    private static int Months(YearMonth from, YearMonth to) => (to.Year - from.Year) * 12 + to.Month - from.Month + 1;

    private static YearMonth YearMonthOf(string month) => NodaTime.Text.YearMonthPattern.Iso.Parse(month.Trim()).Value;

    internal sealed class SumRow
    {
        public long OrganisationId { get; init; }
        public required string OrganisationName { get; init; }
        public required string Month { get; init; }
        public long SubmittedMinutes { get; init; }
        public long ApprovedMinutes { get; init; }
        public long RejectedMinutes { get; init; }
        public long PaidMinutes { get; init; }
        public long Entries { get; init; }
        public long Volunteers { get; init; }
    }

    private static Row ToRow(SumRow r) => new()
    {
        OrganisationId = r.OrganisationId, OrganisationName = r.OrganisationName, Month = r.Month.Trim(), SubmittedMinutes = r.SubmittedMinutes,
        ApprovedMinutes = r.ApprovedMinutes, RejectedMinutes = r.RejectedMinutes, PaidMinutes = r.PaidMinutes, Entries = r.Entries, Volunteers = r.Volunteers,
    };

    /// <summary>
    /// A derived table classifies each entry once (paid is approved and paid for by a payout that counts, as everywhere) and gives its month;
    /// SQL Server refuses a subquery in GROUP BY, hence the derived table.
    /// </summary>
    private static string Sql(SqlDialect d, bool byOrganisation, bool none) =>
        "SELECT e.OrganisationId, o.name AS OrganisationName, e.Month, " +
        "SUM(CASE WHEN e.Status = 'submitted' THEN e.Minutes ELSE 0 END) AS SubmittedMinutes, " +
        "SUM(CASE WHEN e.Status = 'approved' THEN e.Minutes ELSE 0 END) AS ApprovedMinutes, " +
        "SUM(CASE WHEN e.Status = 'rejected' THEN e.Minutes ELSE 0 END) AS RejectedMinutes, " +
        "SUM(CASE WHEN e.Status = 'paid' THEN e.Minutes ELSE 0 END) AS PaidMinutes, " +
        "COUNT(*) AS Entries, COUNT(DISTINCT e.VolunteerId) AS Volunteers " +
        $"FROM (SELECT organisation_id AS OrganisationId, volunteer_id AS VolunteerId, {d.MonthOf("date")} AS Month, minutes AS Minutes, " +
        $"CASE WHEN {HourSql.IsPaid} THEN 'paid' ELSE status END AS Status FROM hour_entries WHERE date >= @first AND date <= @last" +
        (byOrganisation ? " AND organisation_id = @organisation" : "") + (none ? " AND 1 = 0" : "") + ") e " +
        "JOIN organisations o ON o.id = e.OrganisationId GROUP BY e.OrganisationId, o.name, e.Month ORDER BY e.OrganisationId, e.Month";
}
