using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Api.Hours;
using Burgerbaan.Api.Payouts;
using Burgerbaan.Api.Placements;
using Burgerbaan.Api.Volunteers;
using Burgerbaan.Contracts;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Burgerbaan.Api.SelfService;

/// <summary>The volunteer's own lists: each is the owning resource's list statement with the volunteer filter set to the key's volunteer.</summary>
public static partial class MeEndpoints
{
    public sealed record HoursQuery(
        [FromQuery(Name = "from")] string? From,
        [FromQuery(Name = "to")] string? To,
        [FromQuery(Name = "limit")] int? Limit,
        [FromQuery(Name = "cursor")] string? Cursor);

    public sealed record PayoutsQuery(
        [FromQuery(Name = "from")] string? From,
        [FromQuery(Name = "to")] string? To,
        [FromQuery(Name = "limit")] int? Limit,
        [FromQuery(Name = "cursor")] string? Cursor);

    private static async Task<Ok<Page<AgreementResponse>>> ListAgreements([AsParameters] PageQuery query, HttpContext http, Db db, CancellationToken ct)
    {
        var (limit, after) = query.Resolve();
        var volunteerId = Self(http);
        var rows = await db.ReadAsync(async (c, token) => (await c.QueryAsync<AgreementEndpoints.Row>(new CommandDefinition(
            AgreementEndpoints.ListSql(db.Dialect), new { volunteerId, after, take = limit + 1 }, cancellationToken: token))).AsList(), ct);
        return TypedResults.Ok(Paging.ToPage(rows, limit, r => r.Id, r => r.ToResponse()));
    }

    private static async Task<Ok<Page<MyPlacementResponse>>> ListPlacements([AsParameters] PageQuery query, HttpContext http, Db db, CancellationToken ct)
    {
        var (limit, after) = query.Resolve();
        var volunteer = Self(http);
        var rows = await db.ReadAsync(async (c, token) => (await c.QueryAsync<VolunteerPlacements.Row>(new CommandDefinition(
            VolunteerPlacements.ListSql(db.Dialect), new { volunteer, after, take = limit + 1 }, cancellationToken: token))).AsList(), ct);
        return TypedResults.Ok(Paging.ToPage(rows, limit, r => r.Id, r => r.ToResponse()));
    }

    private static async Task<Ok<Page<HourEntryResponse>>> ListHours([AsParameters] HoursQuery query, HttpContext http, Db db, CancellationToken ct)
    {
        var (limit, after) = new PageQuery(query.Limit, query.Cursor).Resolve();
        var criteria = new HourEndpoints.ListCriteria(null, null, Self(http), QueryValues.Date(query.From, "from"), QueryValues.Date(query.To, "to"), null);
        var rows = await db.ReadAsync(async (c, token) => (await c.QueryAsync<HourSql.Row>(new CommandDefinition(
            criteria.Sql(db.Dialect), criteria.Args(after, limit + 1), cancellationToken: token))).AsList(), ct);
        return TypedResults.Ok(Paging.ToPage(rows, limit, r => r.Id, r => r.ToResponse()));
    }

    private static async Task<Ok<Page<PayoutResponse>>> ListPayouts([AsParameters] PayoutsQuery query, HttpContext http, Db db, CancellationToken ct)
    {
        var (limit, after) = new PageQuery(query.Limit, query.Cursor).Resolve();
        var criteria = new PayoutEndpoints.ListCriteria(Self(http), QueryValues.Month(query.From, "from"), QueryValues.Month(query.To, "to"), null, null);
        var rows = await db.ReadAsync((c, token) => RowReader.ListAsync(c, new CommandDefinition(
            criteria.Sql(db.Dialect), criteria.Args(after, limit + 1), cancellationToken: token), PayoutSql.Row.Read), ct);
        return TypedResults.Ok(Paging.ToPage(rows, limit, r => r.Id, r => r.ToResponse()));
    }
}
