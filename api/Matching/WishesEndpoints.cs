using System.Data.Common;
using Burgerbaan.Api.Audit;
using Burgerbaan.Api.Auth;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Api.Volunteers;
using Burgerbaan.Api.Website;
using Burgerbaan.Contracts;
using Dapper;
using NodaTime;

namespace Burgerbaan.Api.Matching;

/// <summary>
/// GET and PUT /v1/volunteers/{id}/wishes: what a volunteer would like to do, for matching. Personal data, so only
/// coordinators and admins read or write it; audited as volunteer_wishes.created and volunteer_wishes.changed.
/// </summary>
public static class WishesEndpoints
{
    internal sealed class Row
    {
        public long VolunteerId { get; init; }
        public string Interests { get; init; } = "[]";
        public string? Neighbourhood { get; init; }
        public int? HoursPerWeek { get; init; }
        public int Version { get; init; }

        public VolunteerWishes ToResponse() => new(VolunteerId, Tags.FromJson<string>(Interests), Neighbourhood, HoursPerWeek);

        public Dictionary<string, object?> Audited() => new(StringComparer.Ordinal)
        {
            ["interests"] = Interests, ["neighbourhood"] = Neighbourhood, ["hoursPerWeek"] = HoursPerWeek,
        };
    }

    public static void MapWishes(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/volunteers/{id:long}/wishes").WithTags("Volunteers").RequireAuthorization(Policies.Coordinator);
        group.MapGet("/", Get).WithName("GetVolunteerWishes")
            .WithSummary("A volunteer's wishes, for matching")
            .WithDescription("Interests, neighbourhood and hours a week; GET /v1/volunteers/{id}/matches scores opportunities on them. " +
                "Accepting an application records its wishes. Carries an ETag once wishes are recorded; a volunteer without any reads " +
                "as empty, without an ETag.")
            .Produces<VolunteerWishes>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/", Put).WithName("PutVolunteerWishes")
            .WithSummary("Record or replace a volunteer's wishes")
            .WithDescription("Replaces the wishes as a whole (a field left out is cleared). The first record is 201 without If-Match; " +
                "replacing recorded wishes needs If-Match with their ETag (428 without, 412 when stale). Sending what is stored changes " +
                "nothing and writes no audit row. Audited as volunteer_wishes.created or volunteer_wishes.changed.")
            .Produces<VolunteerWishes>()
            .Produces<VolunteerWishes>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
    }

    internal static Task<Row?> FindAsync(DbConnection c, DbTransaction? tx, long volunteerId, CancellationToken ct) =>
        c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            "SELECT volunteer_id AS VolunteerId, interests AS Interests, neighbourhood AS Neighbourhood, hours_per_week AS HoursPerWeek, " +
            "version AS Version FROM volunteer_wishes WHERE volunteer_id = @volunteerId", new { volunteerId }, tx, cancellationToken: ct));

    /// <summary>Records a new volunteer's first wishes (from an accepted application); nothing when there are none.</summary>
    internal static async Task InsertAsync(DbConnection c, DbTransaction tx, Caller? caller, long volunteerId, IReadOnlyList<string> interests,
        string? neighbourhood, int? hoursPerWeek, Instant now, CancellationToken ct)
    {
        if (interests.Count == 0 && neighbourhood is null && hoursPerWeek is null)
        {
            return;
        }
        var row = new Row { VolunteerId = volunteerId, Interests = Tags.ToJson(interests), Neighbourhood = neighbourhood, HoursPerWeek = hoursPerWeek, Version = 1 };
        await c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO volunteer_wishes (volunteer_id, interests, neighbourhood, hours_per_week, updated_at, version) " +
            "VALUES (@VolunteerId, @Interests, @Neighbourhood, @HoursPerWeek, @now, 1)",
            new { row.VolunteerId, row.Interests, row.Neighbourhood, row.HoursPerWeek, now }, tx, cancellationToken: ct));
        await AuditTrail.WriteAsync(c, tx, caller, "volunteer_wishes.created", "volunteer_wishes", volunteerId, new { after = row.Audited() }, now, ct);
    }

    private static async Task<IResult> Get(long id, HttpContext http, Db db, CancellationToken ct)
    {
        var row = await db.ReadAsync(async (c, token) =>
        {
            _ = await VolunteerEndpoints.Find(c, null, db.Dialect, id, token) ?? throw ApiProblemException.NotFound("volunteer");
            return await FindAsync(c, null, id, token);
        }, ct);
        if (row is null)
        {
            return TypedResults.Ok(new VolunteerWishes(id, [], null, null));
        }
        ETags.Set(http, row.Version);
        return TypedResults.Ok(row.ToResponse());
    }

    private static async Task<IResult> Put(long id, PutVolunteerWishesRequest request, HttpContext http, Db db, IClock clock, CancellationToken ct)
    {
        var checks = new Checks();
        var interests = Tags.Normalise(request.Interests, "interests", checks);
        checks.ThrowIfAny();
        var after = new Row
        {
            VolunteerId = id, Interests = Tags.ToJson(interests), Neighbourhood = Patch.Text(request.Neighbourhood, null), HoursPerWeek = request.HoursPerWeek,
        };
        var caller = Caller.From(http.User);
        var now = clock.GetCurrentInstant();
        var (stored, created) = await db.WriteAsync(async (c, tx, token) =>
        {
            // The volunteer's row lock orders concurrent first records: the second waits and then sees the first.
            _ = await VolunteerEndpoints.Find(c, tx, db.Dialect, id, token) ?? throw ApiProblemException.NotFound("volunteer");
            var before = await FindAsync(c, tx, id, token);
            if (before is null)
            {
                await InsertAsync(c, tx, caller, id, interests, after.Neighbourhood, after.HoursPerWeek, now, token);
                return (await FindAsync(c, tx, id, token), true);
            }
            ETags.Require(http, before.Version);
            var changed = Changed(before.Audited(), after.Audited());
            if (changed.Count == 0)
            {
                return (before, false);
            }
            ETags.RequireUpdated(await c.ExecuteAsync(new CommandDefinition(
                "UPDATE volunteer_wishes SET interests = @Interests, neighbourhood = @Neighbourhood, hours_per_week = @HoursPerWeek, " +
                "updated_at = @now, version = version + 1 WHERE volunteer_id = @VolunteerId AND version = @version",
                new { after.Interests, after.Neighbourhood, after.HoursPerWeek, now, after.VolunteerId, version = before.Version }, tx, cancellationToken: token)));
            await AuditTrail.WriteAsync(c, tx, caller, "volunteer_wishes.changed", "volunteer_wishes", id,
                new { before = changed.ToDictionary(k => k, k => before.Audited()[k]), after = changed.ToDictionary(k => k, k => after.Audited()[k]) },
                now, token);
            return (await FindAsync(c, tx, id, token), false);
        }, ct);
        // An empty first record (nothing to match on) stores no row: it reads back as empty, without an ETag.
        if (stored is null)
        {
            return TypedResults.Ok(new VolunteerWishes(id, [], null, null));
        }
        ETags.Set(http, stored.Version);
        return created
            ? TypedResults.Created($"/v1/volunteers/{id}/wishes", stored.ToResponse())
            : TypedResults.Ok(stored.ToResponse());
    }

    private static List<string> Changed(Dictionary<string, object?> before, Dictionary<string, object?> after) =>
        after.Keys.Where(k => !Equals(before[k], after[k])).ToList();
}
