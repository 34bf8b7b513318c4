using System.Data.Common;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Dapper;
using NodaTime;

namespace Burgerbaan.Api.Volunteers;

/// <summary>
/// The limits are per person: the same person registered twice (or two records paying into one IBAN)
/// would silently double the tax-free cap. The reads run in the writing transaction and lock what they
/// read (SQL Server: the index key range; SQLite: writers are serialised), so two racing registrations
/// of one person cannot both pass.
/// </summary>
public static class VolunteerDuplicates
{
    public const string PossibleDuplicate = "possible_duplicate";
    public const string NameAndDateOfBirth = "nameAndDateOfBirth";
    public const string IbanRule = "iban";
    public const int MaxConfirmed = 20;

    private sealed class Candidate
    {
        public long Id { get; init; }
        public required string FirstName { get; init; }
        public required string LastName { get; init; }
        public string? NameKey { get; init; }
    }

    /// <summary>The other volunteers this one may be: per rule, their ids, ascending.</summary>
    public sealed record Matches(IReadOnlyList<long> ByName, IReadOnlyList<long> ByIban)
    {
        public IReadOnlyList<long> All { get; } = ByName.Union(ByIban).Order().ToList();

        /// <summary>Per rule that matched, its ids: the problem's and the audit row's <c>matchedOn</c>.</summary>
        public Dictionary<string, IReadOnlyList<long>> MatchedOn
        {
            get
            {
                var matchedOn = new Dictionary<string, IReadOnlyList<long>>(StringComparer.Ordinal);
                if (ByName.Count > 0)
                {
                    matchedOn[NameAndDateOfBirth] = ByName;
                }
                if (ByIban.Count > 0)
                {
                    matchedOn[IbanRule] = ByIban;
                }
                return matchedOn;
            }
        }
    }

    /// <summary>Active volunteers with the same date of birth and name key, and any volunteer with the same IBAN.</summary>
    public static async Task<Matches> FindAsync(DbConnection c, DbTransaction tx, SqlDialect d, long? self, LocalDate dateOfBirth,
        string nameKey, string? iban, CancellationToken ct)
    {
        // By date of birth only: rows from before name_key existed hold NULL and get their key computed here.
        var sameBirth = await c.QueryAsync<Candidate>(new CommandDefinition(
            "SELECT id AS Id, first_name AS FirstName, last_name AS LastName, name_key AS NameKey " +
            $"FROM {d.Locked("volunteers")} WHERE date_of_birth = @dateOfBirth AND active = @active",
            new { dateOfBirth, active = true }, tx, cancellationToken: ct));
        var byName = sameBirth
            .Where(r => r.Id != self && (r.NameKey ?? PersonNames.Key(r.FirstName, r.LastName)) == nameKey)
            .Select(r => r.Id).Order().ToList();
        var byIban = iban is null
            ? []
            : (await c.QueryAsync<long>(new CommandDefinition(
                $"SELECT id FROM {d.Locked("volunteers")} WHERE iban = @iban", new { iban }, tx, cancellationToken: ct)))
                .Where(id => id != self).Order().ToList();
        return new Matches(byName, byIban);
    }

    /// <summary>
    /// Passes when nothing matches, or when <paramref name="confirmed"/> names exactly the matching
    /// volunteers (a coordinator who knows they are different people); otherwise 409 possible_duplicate.
    /// </summary>
    public static async Task SettleAsync(DbConnection c, DbTransaction tx, Matches matches, IReadOnlyList<long> confirmed, CancellationToken ct)
    {
        var named = confirmed.Distinct().Order().ToList();
        if (named.Count > 0)
        {
            var known = (await c.QueryAsync<long>(new CommandDefinition(
                "SELECT id FROM volunteers WHERE id IN @named", new { named }, tx, cancellationToken: ct))).ToHashSet();
            var unknown = named.Where(id => !known.Contains(id)).ToList();
            if (unknown.Count > 0)
            {
                throw ApiProblemException.Validation("confirmDistinctFrom", $"No volunteer has id {string.Join(", ", unknown)}.");
            }
        }
        if (named.SequenceEqual(matches.All))
        {
            return;
        }
        if (matches.All.Count == 0)
        {
            throw ApiProblemException.Validation("confirmDistinctFrom", "No volunteer matches this one; leave confirmDistinctFrom out.");
        }
        throw Problem(matches);
    }

    private static ApiProblemException Problem(Matches matches)
    {
        var reasons = new List<string>();
        if (matches.ByName.Count > 0)
        {
            reasons.Add($"the same name and date of birth as active volunteer {string.Join(", ", matches.ByName)}");
        }
        if (matches.ByIban.Count > 0)
        {
            reasons.Add($"the same IBAN as volunteer {string.Join(", ", matches.ByIban)}");
        }
        return new ApiProblemException(StatusCodes.Status409Conflict, PossibleDuplicate, "Possible duplicate",
            $"This volunteer has {string.Join(" and ", reasons)}. If they are different people, send confirmDistinctFrom: [{string.Join(", ", matches.All)}].",
            new Dictionary<string, object?> { ["existingIds"] = matches.All, ["matchedOn"] = matches.MatchedOn });
    }
}
