using Burgerbaan.Api.Applications;
using Burgerbaan.Api.Auth;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Api.Volunteers;
using Burgerbaan.Api.Website;
using Burgerbaan.Contracts;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Burgerbaan.Api.Matching;

/// <summary>
/// GET /v1/applications/{id}/matches and GET /v1/volunteers/{id}/matches: published opportunities ranked for one person
/// (see <see cref="MatchScore"/>). Coordinators' work: they call applicants back with openings that fit.
/// </summary>
public static class MatchEndpoints
{
    public const int DefaultTop = 10;
    public const int MaxTop = 50;

    private const string Description = "Published opportunities of active organisations, scored: 10 points for each of the person's interests " +
        "that is one of the opportunity's tags, 5 when it lies in their neighbourhood (case does not count), 5 when their hours a week fit " +
        "its range. Each match lists its reasons, one per factor both sides say something about (0 points when it does not fit). " +
        "Only scores above 0, best first, equal scores oldest opportunity first; top (1 to 50, default 10) caps the list.";

    public static void MapMatches(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/applications/{id:long}/matches", ForApplication).WithName("ListApplicationMatches").WithTags("Applications")
            .RequireAuthorization(Policies.Coordinator)
            .WithSummary("Opportunities that fit an application")
            .WithDescription(Description + " Scored on the application's interests, neighbourhood and availability.hoursPerWeek; an erased " +
                "application has none of them left and matches nothing.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/v1/volunteers/{id:long}/matches", ForVolunteer).WithName("ListVolunteerMatches").WithTags("Volunteers")
            .RequireAuthorization(Policies.Coordinator)
            .WithSummary("Opportunities that fit a volunteer")
            .WithDescription(Description + " Scored on the volunteer's wishes (GET /v1/volunteers/{id}/wishes); a volunteer without wishes matches nothing.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Ok<MatchList>> ForApplication(long id, [FromQuery(Name = "top")] int? top, Db db, CancellationToken ct)
    {
        var take = Top(top);
        var (seeker, openings) = await db.ReadAsync(async (c, token) =>
        {
            var row = await ApplicationEndpoints.Find(c, null, db.Dialect, id, token) ?? throw ApiProblemException.NotFound("application");
            var seeker = new Seeker(Tags.FromJson<string>(row.Interests), row.Neighbourhood, row.HoursPerWeek);
            return (seeker, await OpeningsAsync(c, token));
        }, ct);
        return TypedResults.Ok(new MatchList(MatchScore.Rank(seeker, openings, take)));
    }

    private static async Task<Ok<MatchList>> ForVolunteer(long id, [FromQuery(Name = "top")] int? top, Db db, CancellationToken ct)
    {
        var take = Top(top);
        var (seeker, openings) = await db.ReadAsync(async (c, token) =>
        {
            _ = await VolunteerEndpoints.Find(c, null, db.Dialect, id, token) ?? throw ApiProblemException.NotFound("volunteer");
            var wishes = await WishesEndpoints.FindAsync(c, null, id, token);
            var seeker = wishes is null
                ? new Seeker([], null, null)
                : new Seeker(Tags.FromJson<string>(wishes.Interests), wishes.Neighbourhood, wishes.HoursPerWeek);
            return (seeker, await OpeningsAsync(c, token));
        }, ct);
        return TypedResults.Ok(new MatchList(MatchScore.Rank(seeker, openings, take)));
    }

    private static int Top(int? top)
    {
        new Checks().Require(top is null or (>= 1 and <= MaxTop), "top", $"top must be between 1 and {MaxTop}.").ThrowIfAny();
        return top ?? DefaultTop;
    }

    private sealed class OpeningRow
    {
        public long Id { get; init; }
        public required string Title { get; init; }
        public long OrganisationId { get; init; }
        public required string OrganisationName { get; init; }
        public string Tags { get; init; } = "[]";
        public string? Neighbourhood { get; init; }
        public int? HoursMin { get; init; }
        public int? HoursMax { get; init; }
    }

    /// <summary>
    /// Every published opening of an active organisation, by the index (status, id). Scored in memory: the social map of
    /// one municipality holds hundreds of openings, not millions, and the score is not something SQL can rank by an index.
    /// </summary>
    private static async Task<IEnumerable<Opening>> OpeningsAsync(System.Data.Common.DbConnection c, CancellationToken ct) =>
        (await c.QueryAsync<OpeningRow>(new CommandDefinition(
            "SELECT o.id AS Id, o.title AS Title, o.organisation_id AS OrganisationId, g.name AS OrganisationName, o.tags AS Tags, " +
            "o.neighbourhood AS Neighbourhood, o.hours_min AS HoursMin, o.hours_max AS HoursMax " +
            "FROM opportunities o JOIN organisations g ON g.id = o.organisation_id WHERE o.status = 'published' AND g.active = 1 ORDER BY o.id",
            cancellationToken: ct)))
        .Select(r => new Opening(r.Id, r.Title, r.OrganisationId, r.OrganisationName, Tags.FromJson<string>(r.Tags), r.Neighbourhood, r.HoursMin, r.HoursMax))
        .ToList();
}
