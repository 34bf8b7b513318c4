using System.Data.Common;
using System.Globalization;
using Burgerbaan.Migrations;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Burgerbaan.Api.Data;

/// <summary>
/// The <c>Database</c> section as written: <c>Database:Provider</c> (sqlite | sqlserver) and
/// <c>Database:MigrateOnStartup</c>, <c>Database:GroupCommit</c> (SQLite only), with <c>ConnectionStrings:Burgerbaan</c> beside it.
/// </summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public string Provider { get; set; } = "sqlite";

    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>SQLite only: batch concurrent writes into one transaction, a savepoint each (see <c>GroupCommit</c>).</summary>
    public bool GroupCommit { get; set; } = true;

    /// <summary>From <c>ConnectionStrings:Burgerbaan</c>, which lives outside the section.</summary>
    public string? ConnectionString { get; set; }
}

/// <summary>
/// The database the service uses, resolved from <see cref="DatabaseOptions"/> once at start-up: bad
/// configuration stops the service with a message that names the key.
/// </summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString, bool MigrateOnStartup, bool GroupCommit = true)
{
    /// <summary>
    /// SQLite with group commit: the WAL's length in frames at which the writer loop starts it again under load that
    /// never pauses (<c>GroupCommit.Copier</c>). Not configuration: tests set it lower to reach it with little data.
    /// </summary>
    internal int WalRestartFrames { get; init; } = Data.GroupCommit.DefaultWalRestartFrames;

    public const string DefaultSqlite = "Data Source=data/burgerbaan.db";

    /// <summary>The settings, or null with every reason in <paramref name="failures"/>.</summary>
    public static DatabaseSettings? Resolve(DatabaseOptions options, ICollection<string> failures)
    {
        if (!DatabaseProviders.TryParse(options.Provider, out var provider))
        {
            failures.Add($"Configuration key 'Database:Provider' is '{options.Provider}'; use 'sqlite' (the default) or 'sqlserver'.");
            return null;
        }
        var connection = options.ConnectionString;
        if (string.IsNullOrWhiteSpace(connection))
        {
            if (provider == DatabaseProvider.SqlServer)
            {
                failures.Add("Configuration key 'ConnectionStrings:Burgerbaan' is required when 'Database:Provider' is 'sqlserver'.");
                return null;
            }
            connection = DefaultSqlite;
        }
        var resolved = provider == DatabaseProvider.Sqlite ? Sqlite(connection, failures) : SqlServer(connection, failures);
        return resolved is null ? null : new DatabaseSettings(provider, resolved, options.MigrateOnStartup, options.GroupCommit);
    }

    private static string? Sqlite(string connection, ICollection<string> failures)
    {
        SqliteConnectionStringBuilder builder;
        try
        {
            builder = new SqliteConnectionStringBuilder(connection);
        }
        catch (ArgumentException e)
        {
            failures.Add($"Configuration key 'ConnectionStrings:Burgerbaan' is not a valid SQLite connection string: {e.Message}");
            return null;
        }
        if (string.IsNullOrWhiteSpace(builder.DataSource))
        {
            failures.Add("Configuration key 'ConnectionStrings:Burgerbaan' must name a SQLite file (Data Source=...).");
            return null;
        }
        // Foreign keys on for every connection; Default Timeout (seconds) is the busy timeout:
        // Microsoft.Data.Sqlite retries SQLITE_BUSY until it runs out. WAL is set once at migration.
        builder.ForeignKeys = true;
        if (builder.DefaultTimeout == 30)
        {
            builder.DefaultTimeout = 5;
        }
        return builder.ToString();
    }

    private static string? SqlServer(string connection, ICollection<string> failures)
    {
        SqlConnectionStringBuilder builder;
        try
        {
            builder = new SqlConnectionStringBuilder(connection);
        }
        catch (ArgumentException e)
        {
            failures.Add($"Configuration key 'ConnectionStrings:Burgerbaan' is not a valid SQL Server connection string: {e.Message}");
            return null;
        }
        var refused = failures.Count;
        // Encryption must be asked for in so many words (older SqlClient versions default to off);
        // turning it off is allowed only together with an explicit TrustServerCertificate decision.
        // The keys are read as keys, so a password or application name holding "Encrypt=True" counts for nothing.
        var given = new DbConnectionStringBuilder { ConnectionString = connection };
        var explicitEncrypt = given.TryGetValue("Encrypt", out var encrypt)
            && Convert.ToString(encrypt, CultureInfo.InvariantCulture)?.Trim().ToUpperInvariant() is "TRUE" or "YES" or "MANDATORY" or "STRICT";
        var explicitTrust = given.ContainsKey("TrustServerCertificate") || given.ContainsKey("Trust Server Certificate");
        if (!explicitEncrypt && !explicitTrust)
        {
            failures.Add(
                "Configuration key 'ConnectionStrings:Burgerbaan' must set Encrypt=True for SQL Server " +
                "(or state TrustServerCertificate explicitly for a local development server).");
        }
        // SqlClient 7 registers no Entra ID provider by itself (they live in an extension package the service
        // does not take), so such a string would only fail at the first query, long after start-up.
        if (builder.Authentication is not (SqlAuthenticationMethod.NotSpecified or SqlAuthenticationMethod.SqlPassword)
            && SqlAuthenticationProvider.GetProvider(builder.Authentication) is null)
        {
            failures.Add(
                $"Configuration key 'ConnectionStrings:Burgerbaan' asks for Authentication={builder.Authentication}, which this build cannot do " +
                "(Microsoft.Data.SqlClient 7 moved Entra ID sign-in to Microsoft.Data.SqlClient.Extensions.Azure); use a SQL login (User Id and Password).");
        }
        return failures.Count == refused ? builder.ConnectionString : null;
    }
}

/// <summary>The cross-field rules of <see cref="DatabaseOptions"/> (the connection string depends on the provider).</summary>
internal sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        var failures = new List<string>();
        DatabaseSettings.Resolve(options, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

public static class DatabaseRegistration
{
    /// <summary>Binds and checks the database options at start-up; <see cref="DatabaseSettings"/> is what the rest injects.</summary>
    public static IServiceCollection AddBurgerbaanDatabase(this IServiceCollection services)
    {
        services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.Section)
            .Configure<IConfiguration>((options, configuration) => options.ConnectionString = configuration.GetConnectionString("Burgerbaan"))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>();
        services.AddSingleton(sp => DatabaseSettings.Resolve(sp.GetRequiredService<IOptions<DatabaseOptions>>().Value, [])
            ?? throw new InvalidOperationException("Database options passed validation but do not resolve."));
        return services;
    }
}
