using System.ComponentModel.DataAnnotations;

namespace Burgerbaan.Api.Common;

/// <summary>PATCH rules for optional text: null or absent keeps the value, an empty (or blank) string clears it.</summary>
public static class Patch
{
    public static string? Text(string? requested, string? current) => requested switch
    {
        null => current,
        _ when string.IsNullOrWhiteSpace(requested) => null,
        _ => requested.Trim(),
    };
}

public static class Emails
{
    private static readonly EmailAddressAttribute Rule = new();

    public static bool IsValid(string email) => Rule.IsValid(email);
}
