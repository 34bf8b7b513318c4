using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Contracts;
using Dapper;
using Mapster;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace Burgerbaan.Api.SelfService;

/// <summary>
/// The sponsors linked to the volunteer: their allocations (migration 0010) with the sponsor's name. Read from
/// (volunteer_id, id) (migration 0014) in id order. The revocation (<c>POST /v1/me/sponsor-consents/{allocationId}/revoke</c>)
/// is the allocations' own (<see cref="Sponsors.AllocationEndpoints.RevokeAsync"/>), with the key's volunteer: another
/// volunteer's allocation is a 404.
/// </summary>
internal static class SponsorConsents
{
    private const string Select = """
        SELECT a.id AS AllocationId, s.id AS SponsorId, s.name AS SponsorName, a.start_date AS StartDate, a.end_date AS EndDate,
               a.consent_given_at AS ConsentGivenAt, a.name_in_reports AS NameInReports, a.revoked_at AS RevokedAt
        FROM sponsor_allocations a
        JOIN sponsorships sp ON sp.id = a.sponsorship_id
        JOIN sponsors s ON s.id = sp.sponsor_id
        """;

    internal sealed class Row
    {
        public long AllocationId { get; init; }
        public long SponsorId { get; init; }
        public required string SponsorName { get; init; }
        public LocalDate StartDate { get; init; }
        public LocalDate EndDate { get; init; }
        public Instant ConsentGivenAt { get; init; }
        public bool NameInReports { get; init; }
        public Instant? RevokedAt { get; init; }

        /// <summary>Not stored: where the allocation stands on the day it is read.</summary>
        public SponsorConsentStatus Status { get; private set; }

        public SponsorConsentResponse ToResponse(LocalDate today)
        {
            Status = RevokedAt is not null ? SponsorConsentStatus.Revoked
                : EndDate < today || EndDate < StartDate ? SponsorConsentStatus.Ended
                : StartDate > today ? SponsorConsentStatus.Upcoming
                : SponsorConsentStatus.Active;
            return this.Adapt<SponsorConsentResponse>(Mappings.Config);
        }
    }

    internal static async Task<Ok<SponsorConsentResponse>> Revoke(long allocationId, HttpContext http, Db db, IClock clock, CancellationToken ct)
    {
        var volunteer = MeEndpoints.Self(http);
        await Sponsors.AllocationEndpoints.RevokeAsync(volunteer, allocationId, Auth.Caller.From(http.User), db, clock, ct);
        var row = await db.ReadAsync((c, token) => c.QuerySingleAsync<Row>(new CommandDefinition(
            Select + " WHERE a.id = @allocationId AND a.volunteer_id = @volunteer", new { allocationId, volunteer }, cancellationToken: token)), ct);
        return TypedResults.Ok(row.ToResponse(Today.In(clock)));
    }

    internal static string ListSql(SqlDialect dialect) => new KeysetPage("a.id").When(true, "a.volunteer_id = @volunteer").Sql(Select, dialect);

    internal static async Task<Ok<Page<SponsorConsentResponse>>> List([AsParameters] PageQuery query, HttpContext http, Db db, IClock clock, CancellationToken ct)
    {
        var (limit, after) = query.Resolve();
        var volunteer = MeEndpoints.Self(http);
        var rows = await db.ReadAsync(async (c, token) => (await c.QueryAsync<Row>(new CommandDefinition(
            ListSql(db.Dialect), new { volunteer, after, take = limit + 1 }, cancellationToken: token))).AsList(), ct);
        var today = Today.In(clock);
        return TypedResults.Ok(Paging.ToPage(rows, limit, r => r.AllocationId, r => r.ToResponse(today)));
    }
}
