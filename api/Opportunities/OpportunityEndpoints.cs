using Burgerbaan.Api.Audit;
using Burgerbaan.Api.Auth;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Api.Website;
using Burgerbaan.Contracts;
using Dapper;
using Mapster;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using NodaTime;

namespace Burgerbaan.Api.Opportunities;

/// <summary>
/// The social map's demand side: openings at organisations. The public reads the published ones of active organisations;
/// partners write their own organisation's, coordinators all.
/// </summary>
public static class OpportunityEndpoints
{
    internal const string Columns = """
        o.id AS Id, o.organisation_id AS OrganisationId, g.name AS OrganisationName, o.title AS Title, o.description AS Description,
        o.tags AS Tags, o.neighbourhood AS Neighbourhood, o.hours_min AS HoursPerWeekMin, o.hours_max AS HoursPerWeekMax,
        o.start_date AS StartDate, o.places_wanted AS PlacesWanted, o.status AS Status, o.created_at AS CreatedAt,
        o.updated_at AS UpdatedAt, o.version AS Version
        """;

    internal const string From = "opportunities o JOIN organisations g ON g.id = o.organisation_id";

    public static RouteGroupBuilder MapOpportunities(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/opportunities").WithTags("Opportunities");

        group.MapGet("/", List).WithName("ListOpportunities").Public().Cacheable(300)
            .WithSummary("Published opportunities (public)")
            .WithDescription("Anonymous, CORS for the configured origins, rate limited per client. Published openings of active organisations, " +
                "oldest first, cursor paged. Filters: tag (one tag), neighbourhood (exact), q (text in title or description), hoursPerWeek " +
                "(fits the opening's range). Carries an ETag and Cache-Control: public, max-age=300; If-None-Match answers 304.")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapPost("/", OpportunityWrites.Create).WithName("CreateOpportunity").RequireAuthorization(Policies.HourReporter)
            .WithSummary("Add an opportunity")
            .WithDescription("A partner adds its own organisation's (organisationId left out or its own; another is a 400 naming it, as an unknown one); " +
                "coordinators any organisation's. Draft unless status says otherwise. Audited as opportunity.created.")
            .Produces<OpportunityResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/{id:long}", Get).WithName("GetOpportunity").RequireAuthorization(Policies.HourReporter)
            .WithSummary("Get an opportunity, in any status")
            .WithDescription("Carries an ETag for updates. A partner key gets 404 for another organisation's.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPatch("/{id:long}", OpportunityWrites.Update).WithName("UpdateOpportunity").RequireAuthorization(Policies.HourReporter)
            .WithSummary("Update an opportunity")
            .WithDescription("Changes the given fields; needs If-Match. status publishes (published) or closes (closed) it. A partner key gets 404 " +
                "for another organisation's. Audited as opportunity.changed with the changed fields before and after.")
            .ProducesPatchProblems();
        return group;
    }

    internal sealed class Row
    {
        public long Id { get; init; }
        public long OrganisationId { get; init; }
        public required string OrganisationName { get; init; }
        public required string Title { get; set; }
        public required string Description { get; set; }
        public string Tags { get; set; } = "[]";
        public string? Neighbourhood { get; set; }
        public int? HoursPerWeekMin { get; set; }
        public int? HoursPerWeekMax { get; set; }
        public LocalDate? StartDate { get; set; }
        public int PlacesWanted { get; set; }
        public OpportunityStatus Status { get; set; }
        public Instant CreatedAt { get; init; }
        public Instant UpdatedAt { get; set; }
        public int Version { get; set; }

        public Dictionary<string, object?> Audited() => new(StringComparer.Ordinal)
        {
            ["title"] = Title, ["description"] = Description, ["tags"] = Tags, ["neighbourhood"] = Neighbourhood,
            ["hoursPerWeekMin"] = HoursPerWeekMin, ["hoursPerWeekMax"] = HoursPerWeekMax,
            ["startDate"] = StartDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["placesWanted"] = PlacesWanted, ["status"] = Status,
        };

        public OpportunityResponse ToResponse() => this.Adapt<OpportunityResponse>(Mappings.Config);

        public PublicOpportunity ToPublic() => this.Adapt<PublicOpportunity>(Mappings.Config);
    }

    public sealed record ListQuery(
        [FromQuery(Name = "tag")] string? Tag,
        [FromQuery(Name = "neighbourhood")] string? Neighbourhood,
        [FromQuery(Name = "q")] string? Q,
        [FromQuery(Name = "hoursPerWeek")] int? HoursPerWeek,
        [FromQuery(Name = "limit")] int? Limit,
        [FromQuery(Name = "cursor")] string? Cursor);

    /// <summary>
    /// Published only, by the index (status, id); a tag is looked up in opportunity_tags' primary key (tag, opportunity_id).
    /// q and the hours are checked on the rows that walk yields (a text search has no index to use).
    /// </summary>
    internal static string PublicSql(bool tag, bool neighbourhood, bool q, bool hours, SqlDialect dialect) =>
        new KeysetPage("o.id")
            .When(true, "o.status = 'published' AND g.active = 1")
            .When(tag, "o.id IN (SELECT t.opportunity_id FROM opportunity_tags t WHERE t.tag = @tag)")
            .When(neighbourhood, "o.neighbourhood = @neighbourhood")
            .When(q, @"(o.title LIKE @q ESCAPE '\' OR o.description LIKE @q ESCAPE '\')")
            .When(hours, "(o.hours_min IS NULL OR o.hours_min <= @hours) AND (o.hours_max IS NULL OR o.hours_max >= @hours)")
            .Sql($"SELECT {Columns} FROM {From}", dialect);

    private static async Task<Results<Ok<Page<PublicOpportunity>>, StatusCodeHttpResult>> List([AsParameters] ListQuery query, HttpContext http, Db db,
        CancellationToken ct)
    {
        var (limit, after) = new PageQuery(query.Limit, query.Cursor).Resolve();
        new Checks()
            .Require(query.Tag is null or { Length: > 0 and <= Website.Tags.MaxLength }, "tag", $"tag is 1 to {Website.Tags.MaxLength} characters.")
            .Require(query.Neighbourhood is null or { Length: > 0 and <= 100 }, "neighbourhood", "neighbourhood is 1 to 100 characters.")
            .Require(query.Q is null or { Length: > 0 and <= 100 }, "q", "q is 1 to 100 characters.")
            .Require(query.HoursPerWeek is null or (>= 1 and <= 40), "hoursPerWeek", "hoursPerWeek must be 1 to 40.")
            .ThrowIfAny();
        var q = query.Q is null ? null : "%" + query.Q.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_") + "%";
        var sql = PublicSql(query.Tag is not null, query.Neighbourhood is not null, q is not null, query.HoursPerWeek is not null, db.Dialect);
        var rows = await db.ReadAsync(async (c, token) => (await c.QueryAsync<Row>(new CommandDefinition(sql,
            new { after, tag = query.Tag?.Trim().ToLowerInvariant(), neighbourhood = query.Neighbourhood, q, hours = query.HoursPerWeek, take = limit + 1 },
            cancellationToken: token))).AsList(), ct);
        return PublicETag.Answer(http, Paging.ToPage(rows, limit, r => r.Id, r => r.ToPublic()));
    }

    internal static Task<Row?> Find(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction? tx, SqlDialect dialect, long id, CancellationToken ct) =>
        c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM {(tx is null ? "opportunities" : dialect.Locked("opportunities"))} o JOIN organisations g ON g.id = o.organisation_id WHERE o.id = @id",
            new { id }, tx, cancellationToken: ct));

    private static async Task<Ok<OpportunityResponse>> Get(long id, HttpContext http, Db db, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        var row = await db.ReadAsync((c, token) => Find(c, null, db.Dialect, id, token), ct);
        if (row is null || (caller.IsPartner && row.OrganisationId != caller.OrganisationId))
        {
            throw ApiProblemException.NotFound("opportunity");
        }
        ETags.Set(http, row.Version);
        return TypedResults.Ok(row.ToResponse());
    }
}
