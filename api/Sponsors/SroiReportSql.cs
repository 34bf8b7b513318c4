using System.Data.Common;
using Dapper;
using NodaTime;

namespace Burgerbaan.Api.Sponsors;

/// <summary>What an SROI report reads: the sponsor, its obligations and sponsorships, the allocations (names only where consented) and the draws.</summary>
internal static class SroiReportSql
{
    internal sealed class SponsorRow
    {
        public long Id { get; init; }
        public required string Name { get; init; }
    }

    internal sealed class ObligationRow
    {
        public long Id { get; init; }
        public required string TenderReference { get; init; }
        public required string ContractingAuthority { get; init; }
        public long ObligationCents { get; init; }
        public LocalDate StartDate { get; init; }
        public LocalDate EndDate { get; init; }
        public long ValuePerPlaceYearCents { get; init; }
    }

    internal sealed class SponsorshipRow
    {
        public long Id { get; init; }
        public long? ObligationId { get; init; }
        public LocalDate StartDate { get; init; }
        public LocalDate EndDate { get; init; }
        public int Places { get; init; }
        public required string Status { get; init; }
        public long AmountDueCents { get; init; }
    }

    /// <summary>One allocation; the names are read only when the volunteer consented to be named (name_in_reports).</summary>
    internal sealed class AllocationRow
    {
        public long Id { get; init; }
        public long SponsorshipId { get; init; }
        public LocalDate StartDate { get; init; }
        public LocalDate EndDate { get; init; }
        public string? FirstName { get; init; }
        public string? LastName { get; init; }
    }

    internal sealed class DrawnRow
    {
        public long SponsorshipId { get; init; }
        public long AmountCents { get; init; }
    }

    private const string ObligationColumns = "id AS Id, tender_reference AS TenderReference, contracting_authority AS ContractingAuthority, " +
        "obligation_cents AS ObligationCents, start_date AS StartDate, end_date AS EndDate, value_per_place_year_cents AS ValuePerPlaceYearCents";

    private const string SponsorshipColumns = "id AS Id, obligation_id AS ObligationId, start_date AS StartDate, end_date AS EndDate, places AS Places, " +
        "status AS Status, amount_due_cents AS AmountDueCents";

    public static Task<SponsorRow?> Sponsor(DbConnection c, long id, CancellationToken ct) =>
        c.QuerySingleOrDefaultAsync<SponsorRow>(new CommandDefinition("SELECT id AS Id, name AS Name FROM sponsors WHERE id = @id", new { id }, cancellationToken: ct));

    public static Task<ObligationRow?> Obligation(DbConnection c, long sponsorId, long id, CancellationToken ct) =>
        c.QuerySingleOrDefaultAsync<ObligationRow>(new CommandDefinition(
            $"SELECT {ObligationColumns} FROM sroi_obligations WHERE id = @id AND sponsor_id = @sponsorId", new { sponsorId, id }, cancellationToken: ct));

    /// <summary>The sponsor's obligations whose period touches first..last.</summary>
    public static async Task<List<ObligationRow>> Obligations(DbConnection c, long sponsorId, LocalDate first, LocalDate last, CancellationToken ct) =>
        (await c.QueryAsync<ObligationRow>(new CommandDefinition(
            $"SELECT {ObligationColumns} FROM sroi_obligations WHERE sponsor_id = @sponsorId AND start_date <= @last AND end_date >= @first ORDER BY id",
            new { sponsorId, first, last }, cancellationToken: ct))).AsList();

    /// <summary>The sponsor's sponsorships whose period touches first..last.</summary>
    public static async Task<List<SponsorshipRow>> Sponsorships(DbConnection c, long sponsorId, LocalDate first, LocalDate last, CancellationToken ct) =>
        (await c.QueryAsync<SponsorshipRow>(new CommandDefinition(
            $"SELECT {SponsorshipColumns} FROM sponsorships WHERE sponsor_id = @sponsorId AND start_date <= @last AND end_date >= @first ORDER BY id",
            new { sponsorId, first, last }, cancellationToken: ct))).AsList();

    public static async Task<List<SponsorshipRow>> SponsorshipsOf(DbConnection c, long obligationId, CancellationToken ct) =>
        (await c.QueryAsync<SponsorshipRow>(new CommandDefinition(
            $"SELECT {SponsorshipColumns} FROM sponsorships WHERE obligation_id = @obligationId ORDER BY id", new { obligationId }, cancellationToken: ct))).AsList();

    /// <summary>The earliest start and latest end of the sponsor's sponsorships: the default months of its report.</summary>
    public static async Task<(LocalDate? First, LocalDate? Last)> Span(DbConnection c, long sponsorId, CancellationToken ct)
    {
        var rows = await c.QueryAsync<SponsorshipRow>(new CommandDefinition(
            $"SELECT {SponsorshipColumns} FROM sponsorships WHERE sponsor_id = @sponsorId", new { sponsorId }, cancellationToken: ct));
        var list = rows.AsList();
        return list.Count == 0 ? (null, null) : (list.Min(r => r.StartDate), list.Max(r => r.EndDate));
    }

    public static async Task<List<AllocationRow>> Allocations(DbConnection c, long[] sponsorshipIds, CancellationToken ct) =>
        sponsorshipIds.Length == 0 ? [] : (await c.QueryAsync<AllocationRow>(new CommandDefinition(
            "SELECT a.id AS Id, a.sponsorship_id AS SponsorshipId, a.start_date AS StartDate, a.end_date AS EndDate, " +
            "CASE WHEN a.name_in_reports = 1 THEN v.first_name END AS FirstName, CASE WHEN a.name_in_reports = 1 THEN v.last_name END AS LastName " +
            "FROM sponsor_allocations a JOIN volunteers v ON v.id = a.volunteer_id WHERE a.sponsorship_id IN @sponsorshipIds ORDER BY a.sponsorship_id, a.id",
            new { sponsorshipIds }, cancellationToken: ct))).AsList();

    /// <summary>The counted payouts (pending, approved, paid) of from..to that drew on each sponsorship.</summary>
    public static async Task<Dictionary<long, long>> Drawn(DbConnection c, long[] sponsorshipIds, YearMonth from, YearMonth to, CancellationToken ct) =>
        sponsorshipIds.Length == 0 ? [] : (await c.QueryAsync<DrawnRow>(new CommandDefinition(
            "SELECT sponsorship_id AS SponsorshipId, SUM(amount_cents) AS AmountCents FROM payouts WHERE sponsorship_id IN @sponsorshipIds " +
            "AND status IN ('pending', 'approved', 'paid') AND period >= @from AND period <= @to GROUP BY sponsorship_id",
            new { sponsorshipIds, from, to }, cancellationToken: ct))).ToDictionary(r => r.SponsorshipId, r => r.AmountCents);
}
