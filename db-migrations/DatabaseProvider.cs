namespace Burgerbaan.Migrations;

/// <summary>The two engines the service runs on. SQLite is the embedded default.</summary>
public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
}

public static class DatabaseProviders
{
    /// <summary>Parses the configuration value (`sqlite` or `sqlserver`, any case).</summary>
    public static bool TryParse(string? value, out DatabaseProvider provider)
    {
        switch (value?.Trim().ToUpperInvariant())
        {
            case "SQLITE":
                provider = DatabaseProvider.Sqlite;
                return true;
            case "SQLSERVER":
                provider = DatabaseProvider.SqlServer;
                return true;
            default:
                provider = default;
                return false;
        }
    }

    public static string FolderName(this DatabaseProvider provider) =>
        provider == DatabaseProvider.Sqlite ? "sqlite" : "sqlserver";
}
