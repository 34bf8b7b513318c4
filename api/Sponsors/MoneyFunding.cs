using System.Data.Common;
using Burgerbaan.Api.Allowance;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Contracts;
using Dapper;
using NodaTime;

namespace Burgerbaan.Api.Sponsors;

/// <summary>The sponsorship that funds one volunteer's month, with its allowance budget as read inside the write transaction.</summary>
internal sealed record Funding(long SponsorshipId, long BudgetCents, long DrawnCents)
{
    public long HeadroomCents => Math.Max(0, BudgetCents - DrawnCents);
}

/// <summary>
/// How payouts draw on sponsorships (issue 8; README, "Sponsors and SROI"). Only counted kinds draw (allowance, travel, gift: the
/// allowance a sponsor pays for); an expense is a reimbursement and stays with the cooperative. The month's sponsorship is the one
/// of the volunteer's allocation that covers the month's last covered day; a cancelled sponsorship funds nothing. The budget moves
/// with the same conditional update as the caps, in the payout's transaction, so a refusal writes nothing.
/// </summary>
internal static class MoneyFunding
{
    public const string BudgetExceeded = "sponsorship_budget_exceeded";
    public const string Mismatch = "sponsorship_mismatch";

    // A volunteer has at most one allocation on a day, so the latest end date among the allocations touching the month is the
    // one covering its last covered day. An allocation revoked before it began (end < start) covers nothing.
    // The sponsorship row is read under the lock the allocation check and the sponsorship update take (UPDLOCK, HOLDLOCK on SQL
    // Server; SQLite runs one writer at a time): a cancel cannot slip between this read and the draw, so a payout sees the status it
    // draws under, and the cancel's "no payout draws on it" check sees every payout booked before it.
    internal static string ForMonthSql(SqlDialect d) => $"""
        SELECT sponsorships.id AS SponsorshipId, sponsorships.allowance_budget_cents AS BudgetCents, sponsorships.drawn_cents AS DrawnCents
        FROM sponsor_allocations a JOIN {d.Locked("sponsorships")} ON sponsorships.id = a.sponsorship_id
        WHERE a.volunteer_id = @volunteerId AND a.start_date <= @last AND a.end_date >= @first AND a.end_date >= a.start_date
          AND sponsorships.status <> 'cancelled'
        ORDER BY a.end_date DESC, a.start_date DESC, a.id DESC {d.Limit("@take")}
        """;

    public static Task<Funding?> ForMonthAsync(DbConnection c, DbTransaction? tx, SqlDialect d, long volunteerId, YearMonth period, CancellationToken ct) =>
        c.QuerySingleOrDefaultAsync<Funding>(new CommandDefinition(ForMonthSql(d),
            new { volunteerId, first = AllowanceRules.FirstDay(period), last = AllowanceRules.LastDay(period), take = 1 }, tx, cancellationToken: ct));

    /// <summary>The sponsorship a payout of this kind draws on, or null (the cooperative pays).</summary>
    public static Funding? Drawn(Funding? funding, PayoutKind kind) => AllowanceRules.Counts(kind) ? funding : null;

    /// <summary>
    /// Before anything is written: a named sponsorship must be the one that applies, and the amount must fit its budget as read.
    /// </summary>
    public static void Check(long? named, Funding? funding, PayoutKind kind, long amountCents, long volunteerId, YearMonth period)
    {
        var drawn = Drawn(funding, kind);
        if (named is { } id && id != drawn?.SponsorshipId)
        {
            var detail = drawn is not null
                ? $"Volunteer {volunteerId}'s {AllowanceRules.Iso(period)} is funded by sponsorship {drawn.SponsorshipId} (the allocation covering " +
                  $"the month's last allocated day), not {id}; send sponsorshipId {drawn.SponsorshipId} or leave it out."
                : !AllowanceRules.Counts(kind)
                    ? "An expense never draws on a sponsorship: the cooperative reimburses it. Leave sponsorshipId out."
                    : $"No allocation of volunteer {volunteerId} to a sponsorship that is not cancelled covers {AllowanceRules.Iso(period)}, so the " +
                      $"cooperative funds this payout, not sponsorship {id}; leave sponsorshipId out.";
            throw new ApiProblemException(StatusCodes.Status422UnprocessableEntity, Mismatch, "Sponsorship does not match", detail,
                new Dictionary<string, object?> { ["sponsorshipId"] = drawn?.SponsorshipId });
        }
        if (drawn is not null && amountCents > drawn.HeadroomCents)
        {
            throw Exceeded(drawn, amountCents);
        }
    }

    /// <summary>
    /// Raises the sponsorship's drawn total inside the payout's transaction; the WHERE is the race backstop (two writers that both
    /// read enough headroom cannot both pass it). Answers the sponsorship id to store on the payout, or null.
    /// </summary>
    public static async Task<long?> DrawAsync(DbConnection c, DbTransaction tx, Funding? funding, PayoutKind kind, long amountCents, CancellationToken ct)
    {
        if (Drawn(funding, kind) is not { } drawn)
        {
            return null;
        }
        var rows = await c.ExecuteAsync(new CommandDefinition(
            "UPDATE sponsorships SET drawn_cents = drawn_cents + @amountCents " +
            "WHERE id = @id AND status <> 'cancelled' AND drawn_cents + @amountCents <= allowance_budget_cents",
            new { id = drawn.SponsorshipId, amountCents }, tx, cancellationToken: ct));
        if (rows == 1)
        {
            return drawn.SponsorshipId;
        }
        // The budget moved after it was read: refuse with the fresh figures.
        var fresh = await c.QuerySingleAsync<Funding>(new CommandDefinition(
            "SELECT id AS SponsorshipId, allowance_budget_cents AS BudgetCents, drawn_cents AS DrawnCents FROM sponsorships WHERE id = @id",
            new { id = drawn.SponsorshipId }, tx, cancellationToken: ct));
        throw Exceeded(fresh, amountCents);
    }

    /// <summary>A payout that stops counting (cancelled, rejected) gives its amount back to the sponsorship it drew on.</summary>
    public static async Task ReleaseAsync(DbConnection c, DbTransaction tx, long? sponsorshipId, long amountCents, CancellationToken ct)
    {
        if (sponsorshipId is { } id)
        {
            await c.ExecuteAsync(new CommandDefinition(
                "UPDATE sponsorships SET drawn_cents = drawn_cents - @amountCents WHERE id = @id", new { id, amountCents }, tx, cancellationToken: ct));
        }
    }

    public static ApiProblemException Exceeded(Funding funding, long amountCents) =>
        new(StatusCodes.Status422UnprocessableEntity, BudgetExceeded, "Payout refused",
            $"{amountCents} cents would exceed the allowance budget of sponsorship {funding.SponsorshipId} ({funding.BudgetCents} cents, " +
            $"{funding.DrawnCents} drawn); {funding.HeadroomCents} cents can still be paid from it.",
            new Dictionary<string, object?>
            {
                ["limitCents"] = funding.BudgetCents,
                ["headroomCents"] = funding.HeadroomCents,
                ["sponsorshipId"] = funding.SponsorshipId,
            });
}
