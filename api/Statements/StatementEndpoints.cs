using Burgerbaan.Api.Allowance;
using Burgerbaan.Api.Auth;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Api.OutsideAllowances;
using Burgerbaan.Api.Payouts;
using Burgerbaan.Api.Volunteers;
using Burgerbaan.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;
using FromQueryAttribute = Microsoft.AspNetCore.Mvc.FromQueryAttribute;

namespace Burgerbaan.Api.Statements;

/// <summary>
/// The annual statement per volunteer (issue 10), for a benefit agency: JSON, CSV or printable HTML. Admin, finance and coordinators
/// read it: the same roles that read the volunteer and the headroom, and the coordinator is who hands it to the volunteer.
/// </summary>
public static class StatementEndpoints
{
    private const string Csv = "text/csv";
    private const string Html = "text/html";

    public static IEndpointRouteBuilder MapStatements(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/volunteers/{volunteerId:long}/statements/{year:int}", Get).WithName("GetAnnualStatement").WithTags("Allowance")
            .RequireAuthorization(Policies.Registry)
            .WithSummary("A volunteer's annual allowance statement")
            .WithDescription("For a benefit agency: per month what counted (the scheme's payouts and the allowances declared from other organisations), " +
                "the monthly limit and the headroom, the expenses apart (they count toward no limit); the declared outside allowances; the year's total " +
                "against the effective cap; whether every legal limit held, in one sentence; and the year's legal limits with their source. Its counted, " +
                "limit and headroom figures are those of GET /v1/volunteers/{id}/allowance/{year}. JSON by default; CSV with Accept: text/csv or " +
                "format=csv; printable HTML with Accept: text/html or format=html (README, \"Annual statement\"). 422 allowance_limits_missing for a " +
                "year without limits.")
            .Produces<AnnualStatementResponse>(StatusCodes.Status200OK, "application/json", Csv, Html)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    public sealed record StatementQuery([FromQuery(Name = "format"), EnumQuery(typeof(StatementFormat))] string? Format);

    private static async Task<Results<Ok<AnnualStatementResponse>, ContentHttpResult>> Get(long volunteerId, int year, [AsParameters] StatementQuery query,
        HttpContext http, Db db, IClock clock, CancellationToken ct)
    {
        var format = EnumQuery.Parse<StatementFormat>(query.Format, "format");
        new Checks().Require(year is >= 2000 and <= 2100, "year", "year must lie between 2000 and 2100.").ThrowIfAny();
        var statement = await db.ReadAsync(async (c, token) =>
        {
            var volunteer = await VolunteerEndpoints.Find(c, null, db.Dialect, volunteerId, token) ?? throw ApiProblemException.NotFound("volunteer");
            var limits = await LimitsSql.Limits(c, null, year, token)
                ?? throw new ApiProblemException(StatusCodes.Status422UnprocessableEntity, AllowanceRules.LimitsMissing, "Allowance limits missing",
                    $"No allowance limits are set for {year}; an admin sets them with PUT /v1/allowance-limits/{year}.");
            var agreements = (await PayoutSql.AgreementsInYear(c, null, volunteerId, year, token)).Select(a => a.ToTerms()).ToList();
            var totals = await OutsideTotals.YearAsync(c, volunteerId, year, token);
            var expenses = await OutsideTotals.ExpensesAsync(c, volunteerId, year, token);
            var outside = (await OutsideAllowanceWrites.OfYear(c, null, volunteerId, year, token)).Select(r => r.ToResponse()).ToList();
            return AnnualStatement.Build(new AnnualStatement.Inputs(volunteerId, volunteer.FirstName, volunteer.LastName, volunteer.DateOfBirth, year,
                limits, agreements, totals, expenses, outside, clock.GetCurrentInstant()));
        }, ct);
        var chosen = format ?? FromAccept(http);
        switch (chosen)
        {
            case StatementFormat.Csv:
                http.Response.Headers.ContentDisposition = $"attachment; filename=\"statement-{volunteerId}-{year}.csv\"";
                return TypedResults.Text(StatementCsv.Write(statement), Csv + "; charset=utf-8");
            case StatementFormat.Html:
                http.Response.Headers.ContentSecurityPolicy = StatementHtml.ContentSecurityPolicy;
                return TypedResults.Text(StatementHtml.Write(statement), Html + "; charset=utf-8");
            default:
                return TypedResults.Ok(statement);
        }
    }

    /// <summary>Without format, Accept decides: text/csv or text/html (the first of them it names), else JSON.</summary>
    private static StatementFormat FromAccept(HttpContext http)
    {
        foreach (var accept in http.Request.GetTypedHeaders().Accept.OrderByDescending(a => a.Quality ?? 1))
        {
            if (string.Equals(accept.MediaType.Value, Csv, StringComparison.OrdinalIgnoreCase))
            {
                return StatementFormat.Csv;
            }
            if (string.Equals(accept.MediaType.Value, Html, StringComparison.OrdinalIgnoreCase))
            {
                return StatementFormat.Html;
            }
            if (string.Equals(accept.MediaType.Value, "application/json", StringComparison.OrdinalIgnoreCase))
            {
                return StatementFormat.Json;
            }
        }
        return StatementFormat.Json;
    }
}
