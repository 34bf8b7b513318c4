using System.Globalization;
using System.Text;

namespace Burgerbaan.Api.PaymentBatches;

/// <summary>
/// Text as a SEPA credit transfer may carry it: the EPC's Latin character set (a-z A-Z 0-9 / - ? : ( ) . , ' + space)
/// and the field lengths of the EPC implementation guidelines. Banks reject a file with any other character, and names
/// of volunteers carry accents ("José", "Çelik"), ligatures and letters of other scripts.
/// </summary>
public static class SepaText
{
    /// <summary>Names of creditor, debtor and initiating party (EPC: 70, of the schema's 140).</summary>
    public const int NameLength = 70;

    /// <summary>Unstructured remittance information.</summary>
    public const int RemittanceLength = 140;

    /// <summary>MsgId, PmtInfId, EndToEndId.</summary>
    public const int IdLength = 35;

    private const string Allowed = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/-?:().,'+ ";

    // Letters that Unicode does not decompose into a base letter plus marks, and punctuation with a SEPA look-alike.
    private static readonly Dictionary<char, string> Special = new()
    {
        ['ß'] = "ss", ['æ'] = "ae", ['Æ'] = "AE", ['œ'] = "oe", ['Œ'] = "OE", ['ø'] = "o", ['Ø'] = "O", ['ł'] = "l", ['Ł'] = "L",
        ['đ'] = "d", ['Đ'] = "D", ['ð'] = "d", ['Ð'] = "D", ['þ'] = "th", ['Þ'] = "TH", ['ı'] = "i", ['ĳ'] = "ij", ['Ĳ'] = "IJ",
        ['&'] = "+", ['‘'] = "'", ['’'] = "'", ['ʼ'] = "'", ['`'] = "'", ['´'] = "'", ['–'] = "-", ['—'] = "-", ['_'] = "-",
    };

    /// <summary>
    /// <paramref name="text"/> in the SEPA set: accents dropped ("é" -> "e"), the letters above spelled out, any other character
    /// (another script, a symbol) a space; runs of spaces become one, and the ends are trimmed. The result may be empty.
    /// </summary>
    public static string Transliterate(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var result = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            var piece = Allowed.Contains(c, StringComparison.Ordinal) ? c.ToString() : Special.GetValueOrDefault(c, " ");
            foreach (var p in piece)
            {
                if (p != ' ' || (result.Length > 0 && result[^1] != ' '))
                {
                    result.Append(p);
                }
            }
        }
        return result.ToString().Trim();
    }

    /// <summary>Transliterated and cut to <paramref name="length"/> characters (without a trailing space).</summary>
    public static string Fit(string text, int length)
    {
        var sepa = Transliterate(text);
        return sepa.Length <= length ? sepa : sepa[..length].TrimEnd();
    }

    /// <summary>Whole euros and two decimals from integer cents ("1234.05"), never through a floating-point number.</summary>
    public static string Euros(long cents)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cents);
        return string.Create(CultureInfo.InvariantCulture, $"{cents / 100}.{cents % 100:D2}");
    }
}
