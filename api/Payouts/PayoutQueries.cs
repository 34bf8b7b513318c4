using Burgerbaan.Api.Auth;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Contracts;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Burgerbaan.Api.Payouts;

public static partial class PayoutEndpoints
{
    public sealed record Filter(
        [FromQuery(Name = "volunteerId")] long? VolunteerId,
        [FromQuery(Name = "from")] string? From,
        [FromQuery(Name = "to")] string? To,
        [FromQuery(Name = "status"), EnumQuery(typeof(PayoutStatus))] string? Status,
        [FromQuery(Name = "kind"), EnumQuery(typeof(PayoutKind))] string? Kind,
        [FromQuery(Name = "limit")] int? Limit,
        [FromQuery(Name = "cursor")] string? Cursor,
        [FromQuery(Name = "format"), EnumQuery(typeof(ReportFormat))] string? Format);

    private static async Task<Results<Ok<Page<PayoutResponse>>, CsvResult>> List([AsParameters] Filter filter, HttpContext http, Db db, CancellationToken ct)
    {
        var from = QueryValues.Month(filter.From, "from");
        var to = QueryValues.Month(filter.To, "to");
        var status = EnumQuery.Parse<PayoutStatus>(filter.Status, "status");
        var kind = EnumQuery.Parse<PayoutKind>(filter.Kind, "kind");
        var criteria = new ListCriteria(filter.VolunteerId, from, to, status, kind);
        if (CsvExport.Wanted(http.Request, EnumQuery.Parse<ReportFormat>(filter.Format, "format")))
        {
            CsvExport.RefusePaging(filter.Limit, filter.Cursor);
            return PayoutCsv.Export(criteria);
        }
        var (limit, after) = new PageQuery(filter.Limit, filter.Cursor).Resolve();
        var rows = await db.ReadAsync((c, token) => RowReader.ListAsync(c, new CommandDefinition(
            criteria.Sql(db.Dialect), criteria.Args(after, limit + 1), cancellationToken: token), PayoutSql.Row.Read), ct);
        return TypedResults.Ok(Paging.ToPage(rows, limit, r => r.Id, r => r.ToResponse()));
    }

    /// <summary>
    /// The validated filters of <c>GET /v1/payouts</c> (see <see cref="KeysetPage"/>). (volunteer_id, id) serves a
    /// volunteer's payouts in id order, (volunteer_id, status, id) with a status; (status, id) the status queues; one month is an equality
    /// on period, so (period, id) serves it in id order too.
    /// </summary>
    internal sealed record ListCriteria(long? Volunteer, YearMonth? From, YearMonth? To, PayoutStatus? Status, PayoutKind? Kind)
    {
        private bool OneMonth => From is not null && From == To;

        public string Sql(SqlDialect dialect) => Where().Sql($"SELECT {PayoutSql.Columns} FROM payouts", dialect);

        /// <summary>The same filters without a page size: every matching row in id order (the CSV export, read as it streams).</summary>
        public string AllSql() => Where().AllSql($"SELECT {PayoutSql.Columns} FROM payouts");

        private KeysetPage Where() => new KeysetPage()
            .When(Volunteer is not null, "volunteer_id = @volunteer")
            .When(OneMonth, "period = @from")
            .When(From is not null && !OneMonth, "period >= @from")
            .When(To is not null && !OneMonth, "period <= @to")
            .When(Status is not null, "status = @status")
            .When(Kind is not null, "kind = @kind");

        public object Args(long after, int take) => new
        {
            after, volunteer = Volunteer, from = From, to = To, take,
            status = Status,
            kind = Kind,
        };
    }

    private static async Task<Ok<PayoutResponse>> Get(long id, HttpContext http, Db db, CancellationToken ct)
    {
        var row = await db.ReadAsync((c, token) => PayoutSql.Find(c, null, db.Dialect, id, token), ct) ?? throw ApiProblemException.NotFound("payout");
        ETags.Set(http, row.Version);
        return TypedResults.Ok(row.ToResponse());
    }

    private static void MapTransition(RouteGroupBuilder group, string action, string name, string summary, string description, PayoutStatus to)
    {
        var route = group.MapPost($"/{{id:long}}/{action}", (long id, PayoutActionRequest? body, HttpContext http, Db db, IClock clock,
                IOptions<FourEyesSettings> fourEyes, CancellationToken ct) => Transition(id, to, body?.Reason, http, db, clock, fourEyes.Value, ct))
            .WithName(name)
            .WithSummary(summary)
            .WithDescription(description + " Anything else is a 409 conflict. If-Match is honoured when sent. The change is audited.")
            .Produces<PayoutResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .HonoursIfMatch();
        if (to == PayoutStatus.Approved)
        {
            route.ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        }
    }

    private static async Task<Ok<PayoutResponse>> Transition(long id, PayoutStatus target, string? reason, HttpContext http, Db db, IClock clock,
        FourEyesSettings fourEyes, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        var row = await db.WriteAsync(async (c, tx, token) =>
        {
            var row = await PayoutSql.Find(c, tx, db.Dialect, id, token) ?? throw ApiProblemException.NotFound("payout");
            if (http.Request.Headers.IfMatch.Count > 0)
            {
                ETags.Require(http, row.Version);
            }
            var payee = target == PayoutStatus.Approved && PayoutTransitions.IsLegal(row.Status, target)
                ? (await PayoutTransitions.PayeesAsync(c, tx, db.Dialect, [row.VolunteerId], token)).GetValueOrDefault(row.VolunteerId)
                : null;
            if (PayoutTransitions.Check(row, target, caller, fourEyes.FourEyes, payee) is { } refusal)
            {
                throw refusal.ToProblem();
            }
            await PayoutTransitions.ApplyAsync(c, tx, caller, row, target, reason, payee, clock.GetCurrentInstant(), token);
            return row;
        }, ct);
        ETags.Set(http, row.Version);
        return TypedResults.Ok(row.ToResponse());
    }
}
