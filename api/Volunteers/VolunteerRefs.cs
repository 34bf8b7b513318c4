using System.Text;
using Burgerbaan.Contracts;

namespace Burgerbaan.Api.Volunteers;

/// <summary>How a volunteer appears next to a placement: first name and the initial of the surname.</summary>
public static class VolunteerRefs
{
    // Dutch surname prefixes (tussenvoegsels) and the common foreign ones. "de Jong" is sorted, and
    // abbreviated, under J: its initial is "J.", not "D.".
    private static readonly HashSet<string> Prefixes = new(StringComparer.OrdinalIgnoreCase)
    {
        "van", "von", "de", "der", "den", "des", "du", "het", "'t", "te", "ter", "ten", "in", "op", "aan", "bij",
        "uit", "la", "le", "l'", "d'", "da", "di", "del", "dos",
    };

    /// <summary>Whether a word of a surname is a prefix ("van", "de", "'t", ...); the duplicate check skips them too.</summary>
    internal static bool IsSurnamePrefix(string word) => Prefixes.Contains(word);

    public static VolunteerRef Of(long id, string firstName, string lastName) => new(id, firstName, Initial(lastName));

    /// <summary>The first letter of the surname after its prefixes, in capitals, with a full stop.</summary>
    public static string Initial(string lastName)
    {
        var words = lastName.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var surname = words.FirstOrDefault(w => !Prefixes.Contains(w)) ?? words.LastOrDefault() ?? "";
        var runes = surname.EnumerateRunes().ToList();
        if (runes.Count == 0)
        {
            return "";
        }
        var first = runes.FirstOrDefault(Rune.IsLetter, runes[0]);
        return Rune.ToUpperInvariant(first) + ".";
    }
}
