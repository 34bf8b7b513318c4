using System.Data.Common;
using System.Globalization;
using Burgerbaan.Migrations;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;

namespace Burgerbaan.Api.Data;

/// <summary>
/// <c>Database:Provider</c> (sqlite | sqlserver), <c>ConnectionStrings:Burgerbaan</c> and
/// <c>Database:MigrateOnStartup</c>, checked once at start-up: bad configuration stops the service
/// with a message that names the key.
/// </summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString, bool MigrateOnStartup)
{
    public const string DefaultSqlite = "Data Source=data/burgerbaan.db";

    public static DatabaseSettings FromConfiguration(IConfiguration configuration)
    {
        var providerText = configuration["Database:Provider"] ?? "sqlite";
        if (!DatabaseProviders.TryParse(providerText, out var provider))
        {
            throw new InvalidOperationException(
                $"Configuration key 'Database:Provider' is '{providerText}'; use 'sqlite' (the default) or 'sqlserver'.");
        }
        var migrateText = configuration["Database:MigrateOnStartup"];
        var migrate = true;
        if (migrateText is not null && !bool.TryParse(migrateText, out migrate))
        {
            throw new InvalidOperationException(
                $"Configuration key 'Database:MigrateOnStartup' is '{migrateText}'; use true or false.");
        }
        var connection = configuration.GetConnectionString("Burgerbaan");
        if (string.IsNullOrWhiteSpace(connection))
        {
            if (provider == DatabaseProvider.SqlServer)
            {
                throw new InvalidOperationException(
                    "Configuration key 'ConnectionStrings:Burgerbaan' is required when 'Database:Provider' is 'sqlserver'.");
            }
            connection = DefaultSqlite;
        }
        return new DatabaseSettings(provider, provider == DatabaseProvider.Sqlite ? Sqlite(connection) : SqlServer(connection), migrate);
    }

    private static string Sqlite(string connection)
    {
        SqliteConnectionStringBuilder builder;
        try
        {
            builder = new SqliteConnectionStringBuilder(connection);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"Configuration key 'ConnectionStrings:Burgerbaan' is not a valid SQLite connection string: {e.Message}", e);
        }
        if (string.IsNullOrWhiteSpace(builder.DataSource))
        {
            throw new InvalidOperationException("Configuration key 'ConnectionStrings:Burgerbaan' must name a SQLite file (Data Source=...).");
        }
        // Foreign keys on for every connection; Default Timeout (seconds) is the busy timeout:
        // Microsoft.Data.Sqlite retries SQLITE_BUSY until it runs out. WAL is set once at migration.
        builder.ForeignKeys = true;
        if (builder.DefaultTimeout == 30)
        {
            builder.DefaultTimeout = 5;
        }
        if (builder.DataSource != ":memory:" && builder.Mode != SqliteOpenMode.Memory)
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }
        }
        return builder.ToString();
    }

    private static string SqlServer(string connection)
    {
        SqlConnectionStringBuilder builder;
        try
        {
            builder = new SqlConnectionStringBuilder(connection);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"Configuration key 'ConnectionStrings:Burgerbaan' is not a valid SQL Server connection string: {e.Message}", e);
        }
        // Encryption must be asked for in so many words (older SqlClient versions default to off);
        // turning it off is allowed only together with an explicit TrustServerCertificate decision.
        // The keys are read as keys, so a password or application name holding "Encrypt=True" counts for nothing.
        var given = new DbConnectionStringBuilder { ConnectionString = connection };
        var explicitEncrypt = given.TryGetValue("Encrypt", out var encrypt)
            && Convert.ToString(encrypt, CultureInfo.InvariantCulture)?.Trim().ToUpperInvariant() is "TRUE" or "YES" or "MANDATORY" or "STRICT";
        var explicitTrust = given.ContainsKey("TrustServerCertificate") || given.ContainsKey("Trust Server Certificate");
        if (!explicitEncrypt && !explicitTrust)
        {
            throw new InvalidOperationException(
                "Configuration key 'ConnectionStrings:Burgerbaan' must set Encrypt=True for SQL Server " +
                "(or state TrustServerCertificate explicitly for a local development server).");
        }
        // SqlClient 7 registers no Entra ID provider by itself (they live in an extension package the service
        // does not take), so such a string would only fail at the first query, long after start-up.
        if (builder.Authentication is not (SqlAuthenticationMethod.NotSpecified or SqlAuthenticationMethod.SqlPassword)
            && SqlAuthenticationProvider.GetProvider(builder.Authentication) is null)
        {
            throw new InvalidOperationException(
                $"Configuration key 'ConnectionStrings:Burgerbaan' asks for Authentication={builder.Authentication}, which this build cannot do " +
                "(Microsoft.Data.SqlClient 7 moved Entra ID sign-in to Microsoft.Data.SqlClient.Extensions.Azure); use a SQL login (User Id and Password).");
        }
        return builder.ConnectionString;
    }
}
