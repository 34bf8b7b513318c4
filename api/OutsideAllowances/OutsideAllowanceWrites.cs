using System.Data.Common;
using Burgerbaan.Api.Allowance;
using Burgerbaan.Api.Audit;
using Burgerbaan.Api.Auth;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Api.Payouts;
using Burgerbaan.Api.Volunteers;
using Burgerbaan.Contracts;
using Dapper;
using Mapster;
using NodaTime;

namespace Burgerbaan.Api.OutsideAllowances;

/// <summary>
/// Declaring and removing outside allowances, each in one transaction with the running totals and the audit row.
/// <para>
/// How an excess is stored: the totals hold the scheme's payouts (counted_cents, never past cap_cents: the CHECK of migration
/// 0002) and the declarations (outside_cents, migration 0017) apart. A declaration adds its full amount to outside_cents
/// unconditionally, so the totals always say what really counts, also past a limit; the payouts' conditional updates compare
/// counted_cents + outside_cents + amount with the cap, so whichever of a payout and a declaration commits second sees the
/// other: a payout never takes room a declaration took, and a declaration that finds no room left is stored and flagged
/// overLimit. Only a declaration can take a total past a cap.
/// </para>
/// </summary>
internal static class OutsideAllowanceWrites
{
    public const string Columns = """
        id AS Id, volunteer_id AS VolunteerId, period AS Period, amount_cents AS AmountCents, organisation_name AS OrganisationName,
        kind AS Kind, evidence AS Evidence, over_limit AS OverLimit, created_at AS CreatedAt, removed_at AS RemovedAt, version AS Version
        """;

    internal sealed class Row
    {
        public long Id { get; set; }
        public long VolunteerId { get; init; }
        public YearMonth Period { get; init; }
        public long AmountCents { get; init; }
        public required string OrganisationName { get; init; }
        public OutsideAllowanceKind Kind { get; init; }
        public string? Evidence { get; init; }
        public bool OverLimit { get; set; }
        public Instant CreatedAt { get; init; }
        public Instant? RemovedAt { get; set; }
        public int Version { get; set; }

        public OutsideAllowanceResponse ToResponse() => this.Adapt<OutsideAllowanceResponse>(Mappings.Config);
    }

    public static Task<Row?> Find(DbConnection c, DbTransaction? tx, SqlDialect d, long volunteerId, long id, CancellationToken ct) =>
        c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM {(tx is null ? "outside_allowances" : d.Locked("outside_allowances"))} WHERE id = @id AND volunteer_id = @volunteerId",
            new { id, volunteerId }, tx, cancellationToken: ct));

    /// <summary>The declarations of a volunteer-year that count (removed ones left out), oldest first.</summary>
    public static async Task<List<Row>> OfYear(DbConnection c, DbTransaction? tx, long volunteerId, int year, CancellationToken ct) =>
        (await c.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM outside_allowances WHERE volunteer_id = @volunteerId AND period >= @first AND period <= @last AND removed_at IS NULL ORDER BY id",
            new { volunteerId, first = new YearMonth(year, 1), last = new YearMonth(year, 12) }, tx, cancellationToken: ct))).AsList();

    public static async Task<Row> DeclareAsync(DbConnection c, DbTransaction tx, SqlDialect d, Caller caller, long volunteerId,
        CreateOutsideAllowanceRequest request, Instant now, CancellationToken ct)
    {
        // The payouts' own read of the volunteer, limits, agreements and totals, with the same locks (SQL Server), so a declaration
        // and a payout of the same volunteer take turns.
        var scene = await PayoutWriter.LoadAsync(c, tx, d, volunteerId, request.Period, ct) ?? throw ApiProblemException.NotFound("volunteer");
        var limits = scene.Situation.Limits ?? throw LimitsMissing(request.Period.Year);
        var cap = AllowanceRules.EffectiveAnnualCapCents(limits, scene.Situation.AgreementsInYear);
        var (month, year) = await OutsideTotals.AddAsync(c, tx, d, volunteerId, request.Period, request.AmountCents, cap, limits.MonthlyCents, ct);
        var row = new Row
        {
            VolunteerId = volunteerId, Period = request.Period, AmountCents = request.AmountCents, OrganisationName = request.OrganisationName.Trim(),
            Kind = request.Kind, Evidence = string.IsNullOrWhiteSpace(request.Evidence) ? null : request.Evidence.Trim(),
            OverLimit = AllowanceRules.OverLimit(limits, cap, month, year), CreatedAt = now, Version = 1,
        };
        row.Id = await c.ExecuteScalarAsync<long>(new CommandDefinition(
            "INSERT INTO outside_allowances (volunteer_id, period, kind, amount_cents, organisation_name, evidence, over_limit, created_at, created_by_key_id, version) " +
            "VALUES (@VolunteerId, @Period, @Kind, @AmountCents, @OrganisationName, @Evidence, @OverLimit, @CreatedAt, @keyId, 1);" + d.SelectInsertedId,
            new { row.VolunteerId, row.Period, row.Kind, row.AmountCents, row.OrganisationName, row.Evidence, row.OverLimit, row.CreatedAt, keyId = caller.KeyId },
            tx, cancellationToken: ct));
        await AuditTrail.WriteAsync(c, tx, caller, "outside_allowance.created", "outside_allowance", row.Id, AuditSummary.Created(new
        {
            row.VolunteerId, row.Period, row.Kind, row.AmountCents, row.OrganisationName, row.Evidence, row.OverLimit,
        }), now, ct);
        return row;
    }

    /// <summary>
    /// Removes a declaration: it stops counting and frees its room. A flag on another declaration of the year is cleared once its
    /// month and the year are within the limits again (a removal never sets one).
    /// </summary>
    public static async Task<int> RemoveAsync(DbConnection c, DbTransaction tx, SqlDialect d, Caller caller, long volunteerId, long id, Instant now,
        CancellationToken ct)
    {
        _ = await VolunteerEndpoints.Find(c, tx, d, volunteerId, ct) ?? throw ApiProblemException.NotFound("outside allowance");
        var row = await Find(c, tx, d, volunteerId, id, ct);
        if (row is null || row.RemovedAt is not null)
        {
            throw ApiProblemException.NotFound("outside allowance");
        }
        var removed = await c.ExecuteAsync(new CommandDefinition(
            "UPDATE outside_allowances SET removed_at = @now, removed_by_key_id = @keyId, version = version + 1 WHERE id = @id AND removed_at IS NULL",
            new { id, now, keyId = caller.KeyId }, tx, cancellationToken: ct));
        if (removed != 1)
        {
            throw ApiProblemException.NotFound("outside allowance");
        }
        var (_, year) = await OutsideTotals.RemoveAsync(c, tx, d, volunteerId, row.Period, row.AmountCents, ct);
        await AuditTrail.WriteAsync(c, tx, caller, "outside_allowance.removed", "outside_allowance", id,
            AuditSummary.Changed(new { RemovedAt = (Instant?)null }, new { RemovedAt = (Instant?)now })!, now, ct);
        var limits = (await LimitsSql.Limits(c, tx, row.Period.Year, ct))?.ToLimits()
            ?? throw new InvalidOperationException("A declaration's year has no limits; they cannot be removed once set.");
        var agreements = (await PayoutSql.AgreementsInYear(c, tx, volunteerId, row.Period.Year, ct)).Select(a => a.ToTerms()).ToList();
        var cap = AllowanceRules.EffectiveAnnualCapCents(limits, agreements);
        foreach (var flagged in (await OfYear(c, tx, volunteerId, row.Period.Year, ct)).Where(r => r.OverLimit))
        {
            var month = (await PayoutSql.CountedMonth(c, tx, d, volunteerId, flagged.Period, ct)).All;
            if (AllowanceRules.OverLimit(limits, cap, month, year))
            {
                continue;
            }
            await c.ExecuteAsync(new CommandDefinition(
                "UPDATE outside_allowances SET over_limit = 0, version = version + 1 WHERE id = @Id", flagged, tx, cancellationToken: ct));
            await AuditTrail.WriteAsync(c, tx, caller, "outside_allowance.changed", "outside_allowance", flagged.Id,
                AuditSummary.Changed(new { OverLimit = true }, new { OverLimit = false })!, now, ct);
        }
        return removed;
    }

    private static ApiProblemException LimitsMissing(int year) =>
        new(StatusCodes.Status422UnprocessableEntity, AllowanceRules.LimitsMissing, "Allowance limits missing",
            $"No allowance limits are set for {year}, so a declaration for it cannot be weighed against them; an admin sets them with " +
            $"PUT /v1/allowance-limits/{year}.");
}
