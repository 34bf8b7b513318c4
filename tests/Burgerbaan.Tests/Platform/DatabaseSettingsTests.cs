using Burgerbaan.Api.Data;
using Burgerbaan.Migrations;
using Burgerbaan.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Burgerbaan.Tests.Platform;

/// <summary>Bad database configuration stops the service with a message that names the key.</summary>
public sealed class DatabaseSettingsTests
{
    private const string SqlServerBase = "Server=db.example.org,1433;Database=burgerbaan;User Id=app;Password=secret";

    /// <summary>The settings as the service resolves them: bound, validated and resolved through the options pipeline.</summary>
    private static DatabaseSettings From(params (string Key, string? Value)[] settings)
    {
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder()
                .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
                .Build())
            .AddBurgerbaanDatabase();
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();
        return provider.GetRequiredService<DatabaseSettings>();
    }

    /// <summary>A refused value stops the start-up validation; a value of the wrong type already stops the binder.</summary>
    private static string Refusal(params (string Key, string? Value)[] settings)
    {
        var error = Assert.ThrowsAny<Exception>(() => From(settings));
        Assert.True(error is OptionsValidationException or InvalidOperationException, error.GetType().Name);
        return error.Message;
    }

    [Fact]
    public void Default_is_sqlite_under_data_with_foreign_keys_on()
    {
        var settings = From();

        Assert.Equal(DatabaseProvider.Sqlite, settings.Provider);
        Assert.True(settings.MigrateOnStartup);
        Assert.Equal("Data Source=data/burgerbaan.db", DatabaseSettings.DefaultSqlite);
        var builder = new SqliteConnectionStringBuilder(settings.ConnectionString);
        Assert.Equal("data/burgerbaan.db", builder.DataSource);
        Assert.True(builder.ForeignKeys);
        Assert.Equal(5, builder.DefaultTimeout);
    }

    [Theory]
    [InlineData("sqlite", DatabaseProvider.Sqlite)]
    [InlineData("SQLite", DatabaseProvider.Sqlite)]
    [InlineData(" sqlserver ", DatabaseProvider.SqlServer)]
    public void Provider_is_read_in_any_case(string value, DatabaseProvider expected)
    {
        var settings = From(("Database:Provider", value), ("ConnectionStrings:Burgerbaan", expected == DatabaseProvider.Sqlite ? "Data Source=:memory:" : SqlServerBase + ";Encrypt=True"));

        Assert.Equal(expected, settings.Provider);
    }

    [Theory]
    [InlineData("oracle")]
    [InlineData("")]
    [InlineData("postgres")]
    public void Unknown_provider_is_refused_naming_the_key(string value)
    {
        var message = Refusal(("Database:Provider", value));

        Assert.Contains("'Database:Provider'", message, StringComparison.Ordinal);
        Assert.Contains("sqlserver", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sql_server_without_connection_string_is_refused_naming_the_key()
    {
        var message = Refusal(("Database:Provider", "sqlserver"));

        Assert.Contains("'ConnectionStrings:Burgerbaan'", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(";Encrypt=False")]
    [InlineData(";Encrypt=Optional")]
    [InlineData(";Application Name=Encrypt")]
    [InlineData(";Application Name=\"x;Encrypt=True\"")]
    [InlineData(";Workstation ID='Encrypt=True'")]
    public void Sql_server_without_encrypt_true_is_refused_naming_key_and_setting(string suffix)
    {
        var message = Refusal(("Database:Provider", "sqlserver"), ("ConnectionStrings:Burgerbaan", SqlServerBase + suffix));

        Assert.Contains("'ConnectionStrings:Burgerbaan'", message, StringComparison.Ordinal);
        Assert.Contains("Encrypt=True", message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(";Encrypt=True")]
    [InlineData("; encrypt = true")]
    [InlineData(";Encrypt=Strict")]
    [InlineData(";Encrypt=Mandatory")]
    [InlineData(";Encrypt=True;TrustServerCertificate=True")]
    [InlineData(";TrustServerCertificate=False")]
    [InlineData(";Encrypt=False;Trust Server Certificate=True")]
    public void Sql_server_with_encryption_asked_for_passes(string suffix)
    {
        var settings = From(("Database:Provider", "sqlserver"), ("ConnectionStrings:Burgerbaan", SqlServerBase + suffix));

        Assert.Equal(DatabaseProvider.SqlServer, settings.Provider);
        var builder = new Microsoft.Data.SqlClient.SqlConnectionStringBuilder(settings.ConnectionString);
        Assert.Equal("db.example.org,1433", builder.DataSource);
        Assert.Equal("burgerbaan", builder.InitialCatalog);
    }

    [Theory]
    [InlineData(";Authentication=Active Directory Default", "ActiveDirectoryDefault")]
    [InlineData(";Authentication=ActiveDirectoryManagedIdentity", "ActiveDirectoryManagedIdentity")]
    [InlineData(";Authentication=Active Directory Password", "ActiveDirectoryPassword")]
    public void Sql_server_with_an_authentication_the_build_cannot_do_is_refused_naming_key_and_method(string suffix, string method)
    {
        var message = Refusal(("Database:Provider", "sqlserver"), ("ConnectionStrings:Burgerbaan", "Server=db.example.org;Database=burgerbaan;User Id=app;Encrypt=True" + suffix));

        Assert.Contains("'ConnectionStrings:Burgerbaan'", message, StringComparison.Ordinal);
        Assert.Contains("Authentication=" + method, message, StringComparison.Ordinal);
        Assert.Contains("SQL login", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(";Authentication=SqlPassword")]
    [InlineData(";Authentication=Sql Password")]
    public void Sql_server_with_a_sql_login_passes(string suffix)
    {
        var settings = From(("Database:Provider", "sqlserver"), ("ConnectionStrings:Burgerbaan", SqlServerBase + ";Encrypt=True" + suffix));

        var builder = new Microsoft.Data.SqlClient.SqlConnectionStringBuilder(settings.ConnectionString);
        Assert.Equal(Microsoft.Data.SqlClient.SqlAuthenticationMethod.SqlPassword, builder.Authentication);
    }

    [Fact]
    public void Malformed_sql_server_connection_string_is_refused_naming_the_key()
    {
        var message = Refusal(("Database:Provider", "sqlserver"), ("ConnectionStrings:Burgerbaan", "Nonsense Key=1;Encrypt=True"));

        Assert.Contains("'ConnectionStrings:Burgerbaan'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_sqlite_connection_string_is_refused_naming_the_key()
    {
        var message = Refusal(("ConnectionStrings:Burgerbaan", "Nonsense Key=1"));

        Assert.Contains("'ConnectionStrings:Burgerbaan'", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("maybe")]
    [InlineData("1")]
    [InlineData("")]
    public void Migrate_on_startup_other_than_true_or_false_is_refused_naming_the_key(string value)
    {
        var message = Refusal(("Database:MigrateOnStartup", value));

        Assert.Contains("'Database:MigrateOnStartup'", message, StringComparison.Ordinal);
        Assert.Contains("System.Boolean", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("false", false)]
    [InlineData("True", true)]
    public void Migrate_on_startup_is_read(string value, bool expected)
    {
        Assert.Equal(expected, From(("Database:MigrateOnStartup", value), ("ConnectionStrings:Burgerbaan", "Data Source=:memory:")).MigrateOnStartup);
    }

    private sealed class OracleFactory : BurgerbaanApiFactory
    {
        protected override IDictionary<string, string?> Settings
        {
            get
            {
                var settings = base.Settings;
                settings["Database:Provider"] = "oracle";
                return settings;
            }
        }
    }

    [Fact]
    public void Service_with_an_unknown_provider_does_not_start()
    {
        using var factory = new OracleFactory();

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("'Database:Provider'", Messages(error), StringComparison.Ordinal);
        Assert.False(File.Exists(factory.DatabasePath));
    }

    /// <summary>The message of the exception and the ones inside it; the host may wrap the start-up failure.</summary>
    internal static string Messages(Exception error)
    {
        var all = new List<string>();
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            all.Add(e.Message);
        }
        return string.Join(" | ", all);
    }
}
