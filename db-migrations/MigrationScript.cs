using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace Burgerbaan.Migrations;

/// <summary>One numbered script, e.g. <c>0001_core.sql</c>, with the checksum the journal keeps.</summary>
public sealed record MigrationScript(string Name, string Sql)
{
    /// <summary>SHA-256 over the text with line endings normalised, so a checkout with CRLF does not count as a change.</summary>
    /// <remarks>Computed from <see cref="Sql"/> on each read: a stored value would survive a <c>with</c> copy that changes the text.</remarks>
    public string Checksum => Convert.ToHexStringLower(
        SHA256.HashData(Encoding.UTF8.GetBytes(Sql.ReplaceLineEndings("\n"))));

    /// <summary>The scripts shipped in this assembly for one provider, in name order.</summary>
    public static IReadOnlyList<MigrationScript> Embedded(DatabaseProvider provider)
    {
        var assembly = typeof(MigrationScript).Assembly;
        var prefix = provider.FolderName() + "/";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => new MigrationScript(n[prefix.Length..], Read(assembly, n)))
            .ToList();
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded migration '{resource}' is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
