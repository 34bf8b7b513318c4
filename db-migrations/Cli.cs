using System.Globalization;

namespace Burgerbaan.Migrations;

/// <summary>
/// <c>dotnet run --project db-migrations -- --provider sqlite|sqlserver --connection "..." [--list]</c>
/// </summary>
internal static class Cli
{
    private const string Usage =
        "usage: dotnet run --project db-migrations -- --provider sqlite|sqlserver --connection \"...\" [--list]";

    public static int Main(string[] args)
    {
        string? providerText = null, connection = null;
        var list = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--provider" when i + 1 < args.Length: providerText = args[++i]; break;
                case "--connection" when i + 1 < args.Length: connection = args[++i]; break;
                case "--list": list = true; break;
                default:
                    Console.Error.WriteLine($"unknown argument '{args[i]}'\n{Usage}");
                    return 2;
            }
        }
        if (!DatabaseProviders.TryParse(providerText, out var provider) || string.IsNullOrWhiteSpace(connection))
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }
        try
        {
            var runner = new MigrationRunner(provider, connection);
            if (list)
            {
                foreach (var s in runner.List())
                {
                    var state = s.AppliedAt is { } at ? "applied " + at.ToString("O", CultureInfo.InvariantCulture) : "pending";
                    Console.WriteLine($"{s.Name}  {s.Checksum[..12]}  {state}");
                }
                return 0;
            }
            var applied = runner.Migrate();
            Console.WriteLine(applied.Count == 0 ? "database is up to date" : $"applied: {string.Join(", ", applied)}");
            return 0;
        }
        catch (MigrationChecksumException e)
        {
            Console.Error.WriteLine(e.Message);
            return 1;
        }
        catch (System.Data.Common.DbException e)
        {
            // No stack trace for an unreachable or refusing database: the message says what the server said.
            Console.Error.WriteLine($"database error: {e.Message}");
            return 1;
        }
    }
}
