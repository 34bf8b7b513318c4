using System.Data.Common;
using Burgerbaan.Api.Audit;
using Burgerbaan.Api.Auth;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Api.Volunteers;
using Burgerbaan.Contracts;
using Dapper;
using NodaTime;
using NodaTime.Text;

namespace Burgerbaan.Api.Privacy;

/// <summary>
/// <c>DELETE /v1/volunteers/{id}</c> (AVG art. 17): the person goes at once, the fiscal record stays for seven years. At once:
/// names become a pseudonym, e-mail, phone and IBAN are erased, the date of birth is cut to what the paid hours need, the
/// volunteer is deactivated for good, their keys stop, consent notes and linked applications are emptied, sponsors no
/// longer name them, and personal values in the audit trail are replaced. Payouts, hours, totals, agreements and
/// placements stay (under the volunteer's id) until <c>retain_until</c>; <see cref="FiscalRetention"/> erases them after.
/// </summary>
internal static class Pseudonymisation
{
    public const string OpenPayouts = "volunteer_has_open_payouts";
    public const string Pseudonymised = "volunteer_pseudonymised";

    /// <summary>Art. 52 AWR: the fiscal record is kept seven years after the end of the year it concerns.</summary>
    public const int RetentionYears = 7;

    private static readonly string[] ErasedFields = ["firstName", "lastName", "email", "phone", "iban"];

    /// <summary>The pseudonym: recognisably not a name, unique, and its initial ("V.") is what partners see on placements.</summary>
    internal static (string First, string Last) Pseudonym(long id) => ("Erased", $"Volunteer {id}");

    internal static void RefuseIfPseudonymised(VolunteerEndpoints.Row row)
    {
        if (row is { PseudonymisedAt: { } at, RetainUntil: { } until })
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, Pseudonymised, "Volunteer pseudonymised",
                $"Volunteer {row.Id} was pseudonymised at {InstantPattern.ExtendedIso.Format(at)}; the record changes no more and is erased " +
                $"after {LocalDatePattern.Iso.Format(until)}.");
        }
    }

    internal static async Task<VolunteerPseudonymised> RunAsync(long id, HttpContext http, Db db, IClock clock, ApiKeyCache keys, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        var result = await db.WriteAsync(async (c, tx, token) =>
        {
            var row = await VolunteerEndpoints.Find(c, tx, db.Dialect, id, token) ?? throw ApiProblemException.NotFound("volunteer");
            ETags.Require(http, row.Version);
            RefuseIfPseudonymised(row);
            await RefuseOpenPayoutsAsync(c, tx, id, token);
            var now = clock.GetCurrentInstant();
            var today = now.InZone(Today.Amsterdam).Date;
            var (dateOfBirth, reducedTo) = await ReducedDateOfBirthAsync(c, tx, id, row.DateOfBirth, token);
            var retainUntil = await RetainUntilAsync(c, tx, id, today, token);
            var (first, last) = Pseudonym(id);
            ETags.RequireUpdated(await c.ExecuteAsync(new CommandDefinition(
                "UPDATE volunteers SET first_name = @first, last_name = @last, name_key = @nameKey, date_of_birth = @dateOfBirth, email = NULL, " +
                "phone = NULL, iban = NULL, active = @inactive, pseudonymised_at = @now, retain_until = @retainUntil, updated_at = @now, " +
                "version = version + 1 WHERE id = @id AND version = @version",
                new { id, first, last, nameKey = PersonNames.Key(first, last), dateOfBirth, inactive = false, now, retainUntil, version = row.Version },
                tx, cancellationToken: token)));
            var revoked = await RevokeKeysAsync(c, tx, caller, id, now, token);
            await EmptyRelatedAsync(c, tx, id, now, token);
            // Before this request's own rows: those hold no personal value.
            var redacted = await VolunteerFootprint.RedactPersonalAsync(c, tx, id, now, token);
            await AuditTrail.WriteAsync(c, tx, caller, "volunteer.pseudonymised", "volunteer", id, new
            {
                before = new { active = row.Active },
                after = new
                {
                    active = false, erasedFields = ErasedFields, dateOfBirthReducedTo = reducedTo,
                    retainUntil = LocalDatePattern.Iso.Format(retainUntil), revokedApiKeyIds = revoked, redactedAuditEntries = redacted,
                },
            }, now, token);
            return new VolunteerPseudonymised(id, now, retainUntil, dateOfBirth, revoked, redacted);
        }, ct);
        // After the commit, as a revocation does: the volunteer's keys stop now in this instance.
        keys.Clear();
        return result;
    }

    /// <summary>
    /// A pending or approved payout is still on its way to the volunteer's IBAN (an approved one may sit in a payment
    /// batch, F2): paying it needs the IBAN and the name, so it is settled (paid, cancelled or rejected) first.
    /// </summary>
    private static async Task RefuseOpenPayoutsAsync(DbConnection c, DbTransaction tx, long id, CancellationToken ct)
    {
        var open = (await c.QueryAsync<long>(new CommandDefinition(
            "SELECT id FROM payouts WHERE volunteer_id = @id AND status IN ('pending', 'approved') ORDER BY id", new { id }, tx, cancellationToken: ct))).AsList();
        if (open.Count > 0)
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, OpenPayouts, "Payouts still open",
                $"Volunteer {id} has pending or approved payout(s) {string.Join(", ", open)}; mark them paid, or cancel or reject them, first.",
                new Dictionary<string, object?> { ["payoutIds"] = open });
        }
    }

    /// <summary>
    /// The age matters only for the legal hourly maximum of hours paid (under 21 or not, on each day worked). So the first of
    /// 1 January of the birth year, the first of the birth month and the date itself that keeps every paid day in its age
    /// band (as <see cref="BirthDateLock"/> judges it) is kept: for nearly everyone the year alone.
    /// </summary>
    internal static async Task<(LocalDate Date, string ReducedTo)> ReducedDateOfBirthAsync(DbConnection c, DbTransaction tx, long id, LocalDate born,
        CancellationToken ct)
    {
        var locking = await BirthDateLock.LockingOfAsync(c, tx, id, born, ct);
        var year = new LocalDate(born.Year, 1, 1);
        if (locking(year).Count == 0)
        {
            return (year, "year");
        }
        var month = new LocalDate(born.Year, born.Month, 1);
        return locking(month).Count == 0 ? (month, "month") : (born, "day");
    }

    /// <summary>
    /// 31 December of the seventh year after the last year a payout touches: its month, or the year (Europe/Amsterdam) it
    /// last changed, e.g. was paid. Without payouts there is no fiscal record: today, so the job erases the rest tomorrow.
    /// </summary>
    private static async Task<LocalDate> RetainUntilAsync(DbConnection c, DbTransaction tx, long id, LocalDate today, CancellationToken ct)
    {
        var payouts = await c.QueryAsync<PayoutYear>(new CommandDefinition(
            "SELECT period AS Period, updated_at AS UpdatedAt FROM payouts WHERE volunteer_id = @id", new { id }, tx, cancellationToken: ct));
        var last = payouts.Select(p => Math.Max(p.Period.Year, p.UpdatedAt.InZone(Today.Amsterdam).Year)).DefaultIfEmpty().Max();
        return last == 0 ? today : new LocalDate(last + RetentionYears, 12, 31);
    }

    private sealed class PayoutYear
    {
        public YearMonth Period { get; init; }
        public Instant UpdatedAt { get; init; }
    }

    private static async Task<IReadOnlyList<long>> RevokeKeysAsync(DbConnection c, DbTransaction tx, Caller caller, long id, Instant now, CancellationToken ct)
    {
        var active = (await c.QueryAsync<long>(new CommandDefinition(
            "SELECT id FROM api_keys WHERE volunteer_id = @id AND revoked_at IS NULL ORDER BY id", new { id }, tx, cancellationToken: ct))).AsList();
        // A key's name is free text ("Anna, mijn burgerbaan") and shows in the key list and beside every audit row it made.
        await c.ExecuteAsync(new CommandDefinition(
            "UPDATE api_keys SET name = @name, revoked_at = COALESCE(revoked_at, @now) WHERE volunteer_id = @id",
            new { id, now, name = "volunteer key (erased)" }, tx, cancellationToken: ct));
        foreach (var key in active)
        {
            await AuditTrail.WriteAsync(c, tx, caller, "api_key.revoked", "api_key", key,
                AuditSummary.Changed(new { revokedAt = (Instant?)null }, new { revokedAt = (Instant?)now })!, now, ct);
        }
        return active;
    }

    /// <summary>
    /// Personal data beside the fiscal record: free text about the person (hour entries' descriptions and rejection reasons,
    /// payouts' descriptions, consent notes: a partner writes "coffee morning with Anna"), being named in sponsors' reports,
    /// and the intake applications the volunteer came from (emptied as the applications' own retention empties accepted
    /// ones). Minutes, dates, amounts, states and receipt references stay: they are the fiscal record. The free text of hours and
    /// payouts is redacted in place, leaving updatedAt and version (when approved, when paid) as the record's history has them.
    /// EXTENSION POINT: personal fields added later (the lead's profile fields of issue 9; F1's payee name and IBAN on
    /// payouts, if the fiscal record is not to keep them) are cleared here.
    /// </summary>
    private static async Task EmptyRelatedAsync(DbConnection c, DbTransaction tx, long id, Instant now, CancellationToken ct)
    {
        await c.ExecuteAsync(new CommandDefinition(
            "UPDATE hour_entries SET description = NULL, reject_reason = NULL WHERE volunteer_id = @id AND (description IS NOT NULL OR reject_reason IS NOT NULL)",
            new { id }, tx, cancellationToken: ct));
        // The payee fixed on a payout at approval is the person's name and IBAN: pseudonymised at once like the profile (the
        // amounts, months and states stay the fiscal record). A paid batch's file made again afterwards names the pseudonym
        // and carries no IBAN for that transfer; the bank executed it long before.
        var (first, last) = Pseudonym(id);
        await c.ExecuteAsync(new CommandDefinition(
            "UPDATE payouts SET description = NULL WHERE volunteer_id = @id AND description IS NOT NULL", new { id }, tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition(
            "UPDATE payouts SET payee_name = @payee, payee_iban = NULL WHERE volunteer_id = @id AND (payee_name IS NOT NULL OR payee_iban IS NOT NULL)",
            new { id, payee = first + " " + last }, tx, cancellationToken: ct));
        // Wishes are for matching, which ends here; an outside allowance's free-text evidence may name the person.
        await c.ExecuteAsync(new CommandDefinition("DELETE FROM volunteer_wishes WHERE volunteer_id = @id", new { id }, tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition(
            "UPDATE outside_allowances SET evidence = NULL, version = version + 1 WHERE volunteer_id = @id AND evidence IS NOT NULL",
            new { id }, tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition(
            "UPDATE sponsor_allocations SET consent_note = NULL, name_in_reports = @no, updated_at = @now, version = version + 1 WHERE volunteer_id = @id",
            new { id, now, no = false }, tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition(
            "UPDATE applications SET first_name = NULL, last_name = NULL, email = NULL, phone = NULL, date_of_birth = NULL, neighbourhood = NULL, " +
            "interests = '[]', hours_per_week = NULL, days = '[]', motivation = NULL, opportunity_ids = '[]', contact_note = NULL, " +
            "erased_at = COALESCE(erased_at, @now), updated_at = @now, version = version + 1 WHERE volunteer_id = @id",
            new { id, now }, tx, cancellationToken: ct));
    }
}
