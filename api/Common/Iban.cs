
namespace Burgerbaan.Api.Common;

/// <summary>ISO 13616 IBAN check: shape and the mod-97 check digits.</summary>
public static class Iban
{
    /// <summary>The IBAN without spaces, in capitals, or null when it is not a valid IBAN.</summary>
    public static string? Normalise(string input)
    {
        var iban = input.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        if (iban.Length is < 15 or > 34 || !char.IsAsciiLetter(iban[0]) || !char.IsAsciiLetter(iban[1])
            || !char.IsAsciiDigit(iban[2]) || !char.IsAsciiDigit(iban[3]) || !iban.All(char.IsAsciiLetterOrDigit))
        {
            return null;
        }
        // Move the first four characters to the end, letters become 10..35, then mod 97 digit by digit.
        var remainder = 0;
        foreach (var c in iban[4..] + iban[..4])
        {
            var value = char.IsAsciiDigit(c) ? c - '0' : c - 'A' + 10;
            remainder = value >= 10
                ? (remainder * 100 + value) % 97
                : (remainder * 10 + value) % 97;
        }
        return remainder == 1 ? iban : null;
    }

    public static bool IsValid(string input) => Normalise(input) is not null;

}
