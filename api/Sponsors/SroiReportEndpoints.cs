using Burgerbaan.Api.Allowance;
using Burgerbaan.Api.Auth;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;
using FromQueryAttribute = Microsoft.AspNetCore.Mvc.FromQueryAttribute;

namespace Burgerbaan.Api.Sponsors;

/// <summary>The SROI report per sponsor and per obligation (issue 8), JSON or CSV. Admin, finance and coordinators read any; a sponsor key its own.</summary>
public static class SroiReportEndpoints
{
    private const string Csv = "text/csv";

    public static RouteGroupBuilder MapSroiReports(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/sponsors").WithTags("SROI reports").RequireAuthorization(Policies.RegistryOrSponsor);
        group.MapGet("/{id:long}/sroi-report", ForSponsor).WithName("GetSponsorSroiReport")
            .WithSummary("A sponsor's SROI report")
            .WithDescription("Per sponsorship touching the months from..to (yyyy-MM, inclusive; by default the span of the sponsor's sponsorships) and " +
                "in total: place-months credited (a month counts for a place when an allocation with consent covers at least one day of it), " +
                "place-years, SROI value credited, allowance paid from the sponsorship, amount due and its status; per obligation touching the " +
                "months the remaining obligation and the percentage met. Places are pseudonyms (place 1..N), named only with the volunteer's " +
                "consent; never placements, organisations or hours. JSON, or CSV with Accept: text/csv or format=csv (README, Sponsors and SROI). " +
                "A sponsor key reads only its own sponsor (another's is 404).")
            .Produces<SroiReportResponse>(StatusCodes.Status200OK, "application/json", Csv)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id:long}/obligations/{obligationId:long}/sroi-report", ForObligation).WithName("GetObligationSroiReport")
            .WithSummary("An SROI obligation's report")
            .WithDescription("The report over the obligation's own months, for the sponsorships counted toward it: whether and how far the obligation " +
                "is met. JSON, or CSV with Accept: text/csv or format=csv. A sponsor key reads only its own sponsor's obligations.")
            .Produces<SroiReportResponse>(StatusCodes.Status200OK, "application/json", Csv)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    public sealed record SponsorQuery(
        [FromQuery(Name = "from")] string? From,
        [FromQuery(Name = "to")] string? To,
        [FromQuery(Name = "format"), EnumQuery(typeof(ReportFormat))] string? Format);

    public sealed record ObligationQuery([FromQuery(Name = "format"), EnumQuery(typeof(ReportFormat))] string? Format);

    private static async Task<Results<Ok<SroiReportResponse>, ContentHttpResult>> ForSponsor(long id, [AsParameters] SponsorQuery query, HttpContext http,
        Db db, IClock clock, CancellationToken ct)
    {
        var from = QueryValues.Month(query.From, "from");
        var to = QueryValues.Month(query.To, "to");
        var format = EnumQuery.Parse<ReportFormat>(query.Format, "format");
        new Checks().Require(from is null || to is null || from <= to, "to", "to must not lie before from.").ThrowIfAny();
        var caller = Caller.From(http.User);
        var report = await db.ReadAsync(async (c, token) =>
        {
            var sponsor = await Visible(c, caller, id, token);
            var (first, last) = await SroiReportSql.Span(c, id, token);
            var today = Today.In(clock).ToYearMonth();
            var months = new Months(from ?? first?.ToYearMonth() ?? today, to ?? last?.ToYearMonth() ?? today);
            if (months.IsEmpty)
            {
                // Only one end was given and it lies outside the sponsorships: an empty report, not an error.
                months = new Months(months.From, months.From);
            }
            var firstDay = AllowanceRules.FirstDay(months.From);
            var lastDay = AllowanceRules.LastDay(months.To);
            var sponsorships = await SroiReportSql.Sponsorships(c, id, firstDay, lastDay, token);
            var obligations = await SroiReportSql.Obligations(c, id, firstDay, lastDay, token);
            return await BuildAsync(c, sponsor, null, months, sponsorships, obligations, token);
        }, ct);
        return Answer(http, report, format, $"sroi-report-sponsor-{id}.csv");
    }

    private static async Task<Results<Ok<SroiReportResponse>, ContentHttpResult>> ForObligation(long id, long obligationId, [AsParameters] ObligationQuery query,
        HttpContext http, Db db, CancellationToken ct)
    {
        var format = EnumQuery.Parse<ReportFormat>(query.Format, "format");
        var caller = Caller.From(http.User);
        var report = await db.ReadAsync(async (c, token) =>
        {
            var sponsor = await Visible(c, caller, id, token);
            var obligation = await SroiReportSql.Obligation(c, id, obligationId, token) ?? throw ApiProblemException.NotFound("obligation");
            var months = new Months(obligation.StartDate.ToYearMonth(), obligation.EndDate.ToYearMonth());
            var sponsorships = await SroiReportSql.SponsorshipsOf(c, obligationId, token);
            return await BuildAsync(c, sponsor, obligationId, months, sponsorships, [obligation], token);
        }, ct);
        return Answer(http, report, format, $"sroi-report-obligation-{obligationId}.csv");
    }

    /// <summary>A sponsor key sees only its own sponsor; another sponsor is as unknown as a missing one.</summary>
    private static async Task<SroiReportSql.SponsorRow> Visible(System.Data.Common.DbConnection c, Caller caller, long id, CancellationToken ct)
    {
        if (caller.Role == ApiRole.Sponsor && caller.SponsorId != id)
        {
            throw ApiProblemException.NotFound("sponsor");
        }
        return await SroiReportSql.Sponsor(c, id, ct) ?? throw ApiProblemException.NotFound("sponsor");
    }

    private static async Task<SroiReportResponse> BuildAsync(System.Data.Common.DbConnection c, SroiReportSql.SponsorRow sponsor, long? obligationId,
        Months months, List<SroiReportSql.SponsorshipRow> sponsorships, List<SroiReportSql.ObligationRow> obligations, CancellationToken ct)
    {
        var ids = sponsorships.Select(s => s.Id).ToArray();
        var allocations = await SroiReportSql.Allocations(c, ids, ct);
        var drawn = await SroiReportSql.Drawn(c, ids, months.From, months.To, ct);
        return SroiReport.Build(sponsor, obligationId, months, sponsorships, obligations, allocations, drawn);
    }

    /// <summary>format=csv or json decides; without it, Accept: text/csv asks for CSV.</summary>
    private static Results<Ok<SroiReportResponse>, ContentHttpResult> Answer(HttpContext http, SroiReportResponse report, ReportFormat? format, string file)
    {
        var csv = format == ReportFormat.Csv
            || (format is null && http.Request.GetTypedHeaders().Accept.Any(a => string.Equals(a.MediaType.Value, Csv, StringComparison.OrdinalIgnoreCase)));
        if (!csv)
        {
            return TypedResults.Ok(report);
        }
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{file}\"";
        return TypedResults.Text(SroiReportCsv.Write(report), Csv + "; charset=utf-8");
    }
}
