using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Contracts;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Burgerbaan.Api.Website;

/// <summary>The public figures: progress toward the target, in counts only.</summary>
public static class StatsEndpoints
{
    /// <summary>Figures are reused this long (and caches may keep them as long): one query a minute at most, however busy the site.</summary>
    public const int CacheSeconds = 60;

    // One statement of subqueries, each over what "today" means for its table. Sponsors' tables stay empty until the
    // sponsors' endpoints exist; the figures then count them without a change here.
    internal const string Sql = """
        SELECT
          (SELECT COUNT(DISTINCT a.volunteer_id) FROM agreements a JOIN volunteers v ON v.id = a.volunteer_id
            WHERE v.active = 1 AND a.start_date <= @today AND a.end_date >= @today) AS ActivePlaces,
          (SELECT COUNT(DISTINCT s.volunteer_id) FROM sponsor_allocations s
            WHERE s.start_date <= @today AND s.end_date >= @today) AS SponsoredPlaces,
          (SELECT COUNT(DISTINCT p.organisation_id) FROM placements p JOIN organisations g ON g.id = p.organisation_id
            WHERE g.active = 1 AND p.start_date <= @today AND (p.end_date IS NULL OR p.end_date >= @today)) AS OrganisationsWithActivePlacement,
          (SELECT COUNT(DISTINCT sp.sponsor_id) FROM sponsorships sp JOIN sponsors r ON r.id = sp.sponsor_id
            WHERE r.active = 1 AND sp.status <> 'cancelled' AND sp.start_date <= @today AND sp.end_date >= @today) AS ActiveSponsors,
          (SELECT COALESCE(SUM(CAST(h.minutes AS BIGINT)), 0) FROM hour_entries h
            WHERE h.status = 'approved' AND h.date >= @yearStart AND h.date < @nextYear) AS ApprovedMinutes,
          (SELECT COUNT(*) FROM opportunities o JOIN organisations g2 ON g2.id = o.organisation_id
            WHERE o.status = 'published' AND g2.active = 1) AS PublishedOpportunities
        """;

    public static RouteGroupBuilder MapStats(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/stats").WithTags("Figures");
        group.MapGet("/", Get).WithName("GetPublicStats").Public().Cacheable(CacheSeconds)
            .WithSummary("Public figures (public)")
            .WithDescription("Anonymous, CORS for the configured origins, rate limited per client. Active places against the target " +
                "(Website:PlacesTarget), sponsored places, organisations with a running placement, active sponsors, approved hours this " +
                "year and published opportunities, as of today in Europe/Amsterdam. Counts only, no personal data. Computed at most once a " +
                "minute per instance; carries an ETag and Cache-Control: public, max-age=60; If-None-Match answers 304.")
            .Produces(StatusCodes.Status304NotModified);
        return group;
    }

    private sealed class Figures
    {
        public long ActivePlaces { get; init; }
        public long SponsoredPlaces { get; init; }
        public long OrganisationsWithActivePlacement { get; init; }
        public long ActiveSponsors { get; init; }
        public long ApprovedMinutes { get; init; }
        public long PublishedOpportunities { get; init; }
    }

    /// <summary>The last figures and when they were read, per instance.</summary>
    public sealed class Cache
    {
        internal readonly Lock Gate = new();
        internal (Instant ReadAt, PublicStats Stats)? Last;
    }

    private static async Task<Results<Ok<PublicStats>, StatusCodeHttpResult>> Get(HttpContext http, Db db, IClock clock, Cache cache,
        IOptions<WebsiteSettings> settings, CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        PublicStats? stats;
        lock (cache.Gate)
        {
            stats = cache.Last is { } last && now - last.ReadAt < Duration.FromSeconds(CacheSeconds) ? last.Stats : null;
        }
        if (stats is null)
        {
            var today = Today.In(clock);
            var figures = await db.ReadAsync((c, token) => c.QuerySingleAsync<Figures>(new CommandDefinition(Sql,
                new { today, yearStart = new LocalDate(today.Year, 1, 1), nextYear = new LocalDate(today.Year + 1, 1, 1) }, cancellationToken: token)), ct);
            stats = new PublicStats((int)figures.ActivePlaces, settings.Value.PlacesTarget, (int)figures.SponsoredPlaces,
                (int)figures.OrganisationsWithActivePlacement, (int)figures.ActiveSponsors, figures.ApprovedMinutes / 60,
                (int)figures.PublishedOpportunities, today);
            lock (cache.Gate)
            {
                cache.Last = (now, stats);
            }
        }
        return PublicETag.Answer(http, stats);
    }
}
