using System.Data.Common;
using Burgerbaan.Api.ApiKeys;
using Burgerbaan.Api.Applications;
using Burgerbaan.Api.Audit;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Api.Hours;
using Burgerbaan.Api.Payouts;
using Burgerbaan.Api.Placements;
using Burgerbaan.Api.Sponsors;
using Burgerbaan.Api.Volunteers;
using Burgerbaan.Contracts;
using Dapper;
using Mapster;
using NodaTime;

namespace Burgerbaan.Api.Privacy;

/// <summary>
/// The AVG export (<c>GET /v1/volunteers/{id}/export</c>): one method per section, each reading the list statement of the
/// resource that owns the table with the volunteer filter set, whole (no page limit: one person's records).
/// EXTENSION POINT: a new kind of record about a volunteer (F4's outside allowances, F2's payment batches that hold their
/// payouts) adds a member to <see cref="VolunteerExport"/>, a section method here and a line in <see cref="BuildAsync"/>,
/// and its audit entity to <see cref="VolunteerFootprint.Entities"/>.
/// </summary>
internal static class VolunteerExportBuilder
{
    /// <summary>Every row the statement gives: it pages by id, and the take is unbounded.</summary>
    private const int All = int.MaxValue;

    internal static async Task<VolunteerExport> BuildAsync(DbConnection c, SqlDialect d, long volunteer, Instant now, CancellationToken ct)
    {
        var profile = await VolunteerEndpoints.Find(c, null, d, volunteer, ct) ?? throw ApiProblemException.NotFound("volunteer");
        return new VolunteerExport(
            now,
            profile.ToResponse(),
            profile is { PseudonymisedAt: { } at, RetainUntil: { } until } ? new PseudonymisationStatus(at, until) : null,
            await AgreementsAsync(c, d, volunteer, ct),
            await PlacementsAsync(c, d, volunteer, ct),
            await HoursAsync(c, d, volunteer, ct),
            await PayoutsAsync(c, d, volunteer, ct),
            await SponsorAllocationsAsync(c, d, volunteer, ct),
            await ApplicationsAsync(c, d, volunteer, ct),
            await ApiKeysAsync(c, d, volunteer, ct),
            await AuditEntriesAsync(c, volunteer, ct),
            (await Matching.WishesEndpoints.FindAsync(c, null, volunteer, ct))?.ToResponse(),
            await OutsideAllowancesAsync(c, volunteer, ct));
    }

    private static async Task<List<T>> Rows<T>(DbConnection c, string sql, object args, CancellationToken ct) =>
        (await c.QueryAsync<T>(new CommandDefinition(sql, args, cancellationToken: ct))).AsList();

    private static async Task<IReadOnlyList<AgreementResponse>> AgreementsAsync(DbConnection c, SqlDialect d, long volunteer, CancellationToken ct) =>
        (await Rows<AgreementEndpoints.Row>(c, AgreementEndpoints.ListSql(d), new { volunteerId = volunteer, after = 0L, take = All }, ct))
        .Select(r => r.ToResponse()).ToList();

    private static async Task<IReadOnlyList<MyPlacementResponse>> PlacementsAsync(DbConnection c, SqlDialect d, long volunteer, CancellationToken ct) =>
        (await Rows<VolunteerPlacements.Row>(c, VolunteerPlacements.ListSql(d), new { volunteer, after = 0L, take = All }, ct))
        .Select(r => r.ToResponse()).ToList();

    private static async Task<IReadOnlyList<HourEntryResponse>> HoursAsync(DbConnection c, SqlDialect d, long volunteer, CancellationToken ct)
    {
        var criteria = new HourEndpoints.ListCriteria(null, null, volunteer, null, null, null);
        return (await Rows<HourSql.Row>(c, criteria.Sql(d), criteria.Args(0, All), ct)).Select(r => r.ToResponse()).ToList();
    }

    private static async Task<IReadOnlyList<PayoutResponse>> PayoutsAsync(DbConnection c, SqlDialect d, long volunteer, CancellationToken ct)
    {
        var criteria = new PayoutEndpoints.ListCriteria(volunteer, null, null, null, null);
        return (await Rows<PayoutSql.Row>(c, criteria.Sql(d), criteria.Args(0, All), ct)).Select(r => r.ToResponse()).ToList();
    }

    private static async Task<IReadOnlyList<AllocationResponse>> SponsorAllocationsAsync(DbConnection c, SqlDialect d, long volunteer, CancellationToken ct) =>
        (await Rows<AllocationEndpoints.Row>(c, AllocationEndpoints.VolunteerListSql(d), new { volunteer, after = 0L, take = All }, ct))
        .Select(r => r.ToResponse()).ToList();

    private static async Task<IReadOnlyList<ApplicationResponse>> ApplicationsAsync(DbConnection c, SqlDialect d, long volunteer, CancellationToken ct) =>
        (await Rows<ApplicationEndpoints.Row>(c, ApplicationEndpoints.VolunteerListSql(d), new { volunteer, after = 0L, take = All }, ct))
        .Select(r => r.ToResponse()).ToList();

    private static async Task<IReadOnlyList<ApiKeyResponse>> ApiKeysAsync(DbConnection c, SqlDialect d, long volunteer, CancellationToken ct) =>
        (await Rows<ApiKeyEndpoints.Row>(c, ApiKeyEndpoints.VolunteerListSql(d), new { volunteer, after = 0L, take = All }, ct))
        .Select(r => r.ToResponse()).ToList();

    private static async Task<IReadOnlyList<OutsideAllowanceResponse>> OutsideAllowancesAsync(DbConnection c, long volunteer, CancellationToken ct) =>
        (await Rows<OutsideAllowances.OutsideAllowanceWrites.Row>(c,
            $"SELECT {OutsideAllowances.OutsideAllowanceWrites.Columns} FROM outside_allowances WHERE volunteer_id = @volunteer ORDER BY id", new { volunteer }, ct))
        .Select(r => r.ToResponse()).ToList();

    private static async Task<IReadOnlyList<AuditEntryResponse>> AuditEntriesAsync(DbConnection c, long volunteer, CancellationToken ct) =>
        (await VolunteerFootprint.AuditRowsAsync(c, volunteer, ct)).Select(r => r.Adapt<AuditEntryResponse>(Mappings.Config)).ToList();
}
