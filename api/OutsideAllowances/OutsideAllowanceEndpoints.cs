using Burgerbaan.Api.Auth;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Api.Idempotency;
using Burgerbaan.Api.Volunteers;
using Burgerbaan.Contracts;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace Burgerbaan.Api.OutsideAllowances;

/// <summary>
/// Allowances a volunteer receives from organisations outside the scheme (issue 10). They count toward the same monthly and
/// annual limits as the scheme's payouts. Finance and admin declare and remove them (they move money room, like payouts);
/// coordinators read them too, as they read the headroom the declarations shrink and talk to the volunteer about it.
/// </summary>
public static class OutsideAllowanceEndpoints
{
    public static RouteGroupBuilder MapOutsideAllowances(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/volunteers/{volunteerId:long}/outside-allowances").WithTags("Outside allowances");

        group.MapPost("/", Create).WithName("CreateOutsideAllowance").RequireAuthorization(Policies.Finance)
            .WithSummary("Declare an allowance from another organisation")
            .WithDescription("Records what the volunteer receives for one calendar month from an organisation outside the scheme (kind allowance, travel " +
                "or gift; reimbursed actual costs are not declared). It counts toward the same monthly and annual limits as the scheme's payouts, in the " +
                "same running totals, at once: GET .../allowance/{year} shows less headroom. A declaration that takes the month past the monthly limit or " +
                "the year past its effective cap is stored anyway, with overLimit: true, and from then on every counted payout of that month (of that " +
                "year, when the year is over) is refused with 422 outside_allowance_over_limit: the scheme does not add to an excess the volunteer " +
                "already has. 422 allowance_limits_missing when the period's year has no limits. Audited (outside_allowance.created). " +
                "Send an Idempotency-Key to make retries safe.")
            .Accepts<CreateOutsideAllowanceRequest>("application/json")
            .Produces<OutsideAllowanceResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/", List).WithName("ListOutsideAllowances").RequireAuthorization(Policies.Registry)
            .WithSummary("List a volunteer's declared outside allowances")
            .WithDescription("The declarations that count, oldest first, cursor paged; removed ones are left out (GET by id still shows them).")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{outsideAllowanceId:long}", Get).WithName("GetOutsideAllowance").RequireAuthorization(Policies.Registry)
            .WithSummary("Get a declared outside allowance")
            .WithDescription("Also a removed one, with removedAt. Carries an ETag.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{outsideAllowanceId:long}", Delete).WithName("DeleteOutsideAllowance").RequireAuthorization(Policies.Finance)
            .WithSummary("Remove a declared outside allowance")
            .WithDescription("Frees the room it took in the month and the year at once. The row is kept with removedAt (it was part of the fiscal " +
                "record while it counted) and no longer counts; removing it again is a 404. Other declarations of the year flagged overLimit are " +
                "cleared when their month and the year are back within the limits. Audited (outside_allowance.removed, and outside_allowance.changed " +
                "for each flag cleared).")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<IResult> Create(long volunteerId, CreateOutsideAllowanceRequest request, HttpContext http, Db db, IClock clock,
        IdempotentPost idempotent, CancellationToken ct)
    {
        new Checks()
            .Require(request.Period.Year is >= 2000 and <= 2100, "period", "period must lie between 2000-01 and 2100-12.")
            .NotBlank(request.OrganisationName, "organisationName")
            .ThrowIfAny();
        var caller = Caller.From(http.User);
        return await idempotent.RunAsync(http, request, async (c, tx, token) =>
        {
            var row = await OutsideAllowanceWrites.DeclareAsync(c, tx, db.Dialect, caller, volunteerId, request, clock.GetCurrentInstant(), token);
            return new Stored(StatusCodes.Status201Created, row.ToResponse(), $"/v1/volunteers/{volunteerId}/outside-allowances/{row.Id}");
        }, ct);
    }

    /// <summary>One volunteer's declarations that count, read in id order from (volunteer_id, id) (see <see cref="KeysetPage"/>).</summary>
    internal static string ListSql(SqlDialect dialect) =>
        new KeysetPage().When(true, "volunteer_id = @volunteerId").When(true, "removed_at IS NULL")
            .Sql($"SELECT {OutsideAllowanceWrites.Columns} FROM outside_allowances", dialect);

    private static async Task<Ok<Page<OutsideAllowanceResponse>>> List(long volunteerId, [AsParameters] PageQuery query, Db db, CancellationToken ct)
    {
        var (limit, after) = query.Resolve();
        var rows = await db.ReadAsync(async (c, token) =>
        {
            _ = await VolunteerEndpoints.Find(c, null, db.Dialect, volunteerId, token) ?? throw ApiProblemException.NotFound("volunteer");
            return (await c.QueryAsync<OutsideAllowanceWrites.Row>(new CommandDefinition(
                ListSql(db.Dialect), new { volunteerId, after, take = limit + 1 }, cancellationToken: token))).AsList();
        }, ct);
        return TypedResults.Ok(Paging.ToPage(rows, limit, r => r.Id, r => r.ToResponse()));
    }

    private static async Task<Ok<OutsideAllowanceResponse>> Get(long volunteerId, long outsideAllowanceId, HttpContext http, Db db, CancellationToken ct)
    {
        var row = await db.ReadAsync((c, token) => OutsideAllowanceWrites.Find(c, null, db.Dialect, volunteerId, outsideAllowanceId, token), ct)
            ?? throw ApiProblemException.NotFound("outside allowance");
        ETags.Set(http, row.Version);
        return TypedResults.Ok(row.ToResponse());
    }

    private static async Task<NoContent> Delete(long volunteerId, long outsideAllowanceId, HttpContext http, Db db, IClock clock, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        await db.WriteAsync((c, tx, token) =>
            OutsideAllowanceWrites.RemoveAsync(c, tx, db.Dialect, caller, volunteerId, outsideAllowanceId, clock.GetCurrentInstant(), token), ct);
        return TypedResults.NoContent();
    }
}
