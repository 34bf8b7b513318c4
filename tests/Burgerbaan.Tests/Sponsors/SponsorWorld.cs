using System.Net.Http.Headers;
using Burgerbaan.Api.Auth;
using Burgerbaan.Tests.Infrastructure;
using Dapper;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Burgerbaan.Tests.Sponsors;

public sealed record SponsorshipMade(long Id, long AmountDueCents, long AllowanceBudgetCents);

/// <summary>
/// Arranges sponsors, SROI obligations, sponsorships, allocations and sponsor keys. The methods mirror issue 8's API
/// (POST /v1/sponsors, /v1/sponsors/{id}/obligations, /v1/sponsorships, /v1/sponsorships/{id}/allocations, api-keys with role sponsor,
/// the consent revocation); until those endpoints are merged they write the rows by SQL into the test's file, deriving the amounts
/// exactly as the service does. Everything under test goes through HTTP; only arrangement comes through here.
/// </summary>
public sealed class SponsorWorld(BurgerbaanApiFactory api)
{
    public const long DefaultAllowance = 210_000;
    public const long DefaultOverhead = 40_000;
    public const long DefaultValuePerPlaceYear = 500_000;

    private static readonly string Now = "2025-03-14T09:00:00Z";
    private static long _serial;

    /// <summary>
    /// places x perPlacePerYear x the share of a year the period covers, by exact day count per calendar year (the days in that year
    /// over that year's length), rounded down to the cent. 133590 is the least common multiple of 365 and 366, so the sum is exact.
    /// </summary>
    public static long ProRata(int places, long perPlacePerYear, LocalDate start, LocalDate end)
    {
        long share = 0; // in 1/133590ths of a year
        for (var year = start.Year; year <= end.Year; year++)
        {
            var first = LocalDate.Max(start, new LocalDate(year, 1, 1));
            var last = LocalDate.Min(end, new LocalDate(year, 12, 31));
            var days = Period.Between(first, last, PeriodUnits.Days).Days + 1;
            share += days * (133_590L / CalendarSystem.Iso.GetDaysInYear(year));
        }
        return places * perPlacePerYear * share / 133_590L;
    }

    public Task<long> CreateSponsor(string name = "Bouwbedrijf Flevo BV", string kind = "company", bool active = true) =>
        Insert("INSERT INTO sponsors (name, kind, kvk_number, contact_name, contact_email, active, created_at, updated_at) " +
            "VALUES (@name, @kind, @kvk, 'Karin Bos', 'sroi@example.nl', @active, @Now, @Now); SELECT last_insert_rowid();",
            new { name, kind, kvk = (30_000_000 + Interlocked.Increment(ref _serial)).ToString(System.Globalization.CultureInfo.InvariantCulture), active, Now });

    public Task<long> CreateObligation(long sponsorId, long obligationCents, LocalDate start, LocalDate end,
        long valuePerPlaceYearCents = DefaultValuePerPlaceYear, string tenderReference = "AL-2023-0412", string contractingAuthority = "Gemeente Almere") =>
        Insert("INSERT INTO sroi_obligations (sponsor_id, tender_reference, contracting_authority, obligation_cents, start_date, end_date, " +
            "value_per_place_year_cents, created_at, updated_at) VALUES (@sponsorId, @tenderReference, @contractingAuthority, @obligationCents, @start, @end, " +
            "@valuePerPlaceYearCents, @Now, @Now); SELECT last_insert_rowid();",
            new { sponsorId, tenderReference, contractingAuthority, obligationCents, start = Iso(start), end = Iso(end), valuePerPlaceYearCents, Now });

    public async Task<SponsorshipMade> CreateSponsorship(long sponsorId, int places, LocalDate start, LocalDate end, long? obligationId = null,
        long allowancePerPlaceCents = DefaultAllowance, long overheadPerPlaceCents = DefaultOverhead, string status = "committed")
    {
        var due = ProRata(places, allowancePerPlaceCents + overheadPerPlaceCents, start, end);
        var budget = ProRata(places, allowancePerPlaceCents, start, end);
        var id = await Insert("INSERT INTO sponsorships (sponsor_id, obligation_id, start_date, end_date, places, allowance_per_place_cents, " +
            "overhead_per_place_cents, status, amount_due_cents, allowance_budget_cents, created_at, updated_at) VALUES (@sponsorId, @obligationId, @start, " +
            "@end, @places, @allowancePerPlaceCents, @overheadPerPlaceCents, @status, @due, @budget, @Now, @Now); SELECT last_insert_rowid();",
            new { sponsorId, obligationId, start = Iso(start), end = Iso(end), places, allowancePerPlaceCents, overheadPerPlaceCents, status, due, budget, Now });
        return new SponsorshipMade(id, due, budget);
    }

    /// <summary>PATCH /v1/sponsorships/{id} with a new status (invoiced, paid, cancelled).</summary>
    public Task SetStatus(long sponsorshipId, string status) =>
        Execute("UPDATE sponsorships SET status = @status, version = version + 1 WHERE id = @sponsorshipId", new { sponsorshipId, status });

    public Task<long> Allocate(long sponsorshipId, long volunteerId, LocalDate start, LocalDate end, bool nameInReports = false) =>
        Insert("INSERT INTO sponsor_allocations (sponsorship_id, volunteer_id, start_date, end_date, consent_given_at, consent_channel, name_in_reports, " +
            "created_at, updated_at) VALUES (@sponsorshipId, @volunteerId, @start, @end, '2024-12-20T10:00:00Z', 'in_person', @nameInReports, @Now, @Now); " +
            "SELECT last_insert_rowid();",
            new { sponsorshipId, volunteerId, start = Iso(start), end = Iso(end), nameInReports, Now });

    /// <summary>POST /v1/volunteers/{id}/sponsor-consents/{aid}/revoke on <paramref name="day"/>: the allocation no longer covers that day.</summary>
    public Task RevokeConsent(long allocationId, LocalDate day) =>
        Execute("UPDATE sponsor_allocations SET end_date = @end, revoked_at = @Now, version = version + 1 WHERE id = @allocationId",
            new { allocationId, end = Iso(day.PlusDays(-1)), Now });

    public Task DeactivateSponsor(long sponsorId) =>
        Execute("UPDATE sponsors SET active = 0, version = version + 1 WHERE id = @sponsorId", new { sponsorId });

    /// <summary>POST /v1/api-keys {role: "sponsor", sponsorId}: a client carrying the new key.</summary>
    public async Task<HttpClient> SponsorKey(long sponsorId)
    {
        var key = ApiKeySecrets.Generate();
        await Execute("INSERT INTO api_keys (name, role, sponsor_id, key_hash, key_prefix, created_at) VALUES ('sponsor portal', 'sponsor', @sponsorId, @hash, @prefix, @Now)",
            new { sponsorId, hash = ApiKeySecrets.Hash(key), prefix = ApiKeySecrets.Prefix(key), Now });
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private static string Iso(LocalDate date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private async Task<long> Insert(string sql, object args)
    {
        _ = api.Services; // the service migrates the file when it starts
        await using var c = new SqliteConnection(api.ConnectionString);
        await c.OpenAsync();
        return await c.ExecuteScalarAsync<long>(sql, args);
    }

    private async Task Execute(string sql, object args)
    {
        _ = api.Services;
        await using var c = new SqliteConnection(api.ConnectionString);
        await c.OpenAsync();
        await c.ExecuteAsync(sql, args);
    }
}
