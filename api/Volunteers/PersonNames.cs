using System.Globalization;
using System.Text;

namespace Burgerbaan.Api.Volunteers;

/// <summary>
/// The key under which two spellings of one person's name meet: "José van der Berg", "jose Berg" and
/// "Jose VAN DER-BERG" are one key. Case, accents, surname prefixes, spaces, hyphens and apostrophes
/// do not tell people apart, so they do not count.
/// </summary>
public static class PersonNames
{
    // Letters that NFD does not split into a base letter and a mark.
    private static readonly Dictionary<char, string> Unfolded = new()
    {
        ['ø'] = "o", ['æ'] = "ae", ['œ'] = "oe", ['ß'] = "ss", ['ł'] = "l", ['đ'] = "d", ['ı'] = "i", ['ĳ'] = "ij",
    };

    private static readonly char[] WordBreaks = [' ', '\t', '-', '\u2010', '\u2011', '\u2013', '\u2014'];

    /// <summary>At most 401 characters for names of at most 100 each (a letter unfolds into two at most): the column's width.</summary>
    public static string Key(string firstName, string lastName) => Fold(firstName, dropPrefixes: false) + "|" + Fold(lastName, dropPrefixes: true);

    private static string Fold(string name, bool dropPrefixes)
    {
        var plain = WithoutMarks(name.ToLowerInvariant())
            .Replace('\u2019', '\'').Replace('\u2018', '\'').Replace('`', '\'').Replace('\u00b4', '\'');
        var words = plain.Split(WordBreaks, StringSplitOptions.RemoveEmptyEntries);
        if (dropPrefixes)
        {
            // "van der Berg" and "Berg" meet; a surname that is only a prefix ("Van") keeps it.
            var kept = words.Where(w => !VolunteerRefs.IsSurnamePrefix(w)).ToArray();
            words = kept.Length > 0 ? kept : words;
        }
        var key = new StringBuilder(plain.Length);
        foreach (var c in words.SelectMany(w => w))
        {
            if (Unfolded.TryGetValue(c, out var unfolded))
            {
                key.Append(unfolded);
            }
            else if (char.IsLetterOrDigit(c))
            {
                key.Append(c);
            }
        }
        return key.ToString();
    }

    private static string WithoutMarks(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var kept = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                kept.Append(c);
            }
        }
        return kept.ToString();
    }
}
