using Dapper;
using Microsoft.Data.SqlClient;

namespace Burgerbaan.Tests.SqlServer;

/// <summary>
/// A database of its own on the server named by <c>BURGERBAAN_TEST_SQLSERVER</c>, created through
/// <c>master</c> and dropped again on dispose. A local server for these tests:
/// <code>
/// docker run -e ACCEPT_EULA=Y -e MSSQL_SA_PASSWORD=... -p 1433:1433 mcr.microsoft.com/mssql/server:2022-latest
/// BURGERBAAN_TEST_SQLSERVER="Server=localhost,1433;User Id=sa;Password=...;Encrypt=True;TrustServerCertificate=True" dotnet test
/// </code>
/// </summary>
public sealed class TemporarySqlServerDatabase : IDisposable
{
    private readonly string _master;

    public TemporarySqlServerDatabase()
    {
        var given = SqlServerFactAttribute.ConnectionString;
        if (string.IsNullOrWhiteSpace(given))
        {
            throw new InvalidOperationException($"{SqlServerFactAttribute.Variable} is not set; use [SqlServerFact] on this test.");
        }
        // A generated name of letters, digits and underscores only: safe to put between brackets.
        Name = "burgerbaan_test_" + Guid.NewGuid().ToString("n");
        _master = new SqlConnectionStringBuilder(given) { InitialCatalog = "master" }.ConnectionString;
        ConnectionString = new SqlConnectionStringBuilder(given) { InitialCatalog = Name }.ConnectionString;
        using var connection = new SqlConnection(_master);
        connection.Open();
        connection.Execute($"CREATE DATABASE [{Name}]");
    }

    public string Name { get; }

    /// <summary>The given connection string pointed at this database.</summary>
    public string ConnectionString { get; }

    public SqlConnection Open()
    {
        var connection = new SqlConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    public void Dispose()
    {
        // Pooled connections (the service's, the runner's) would keep the database in use.
        SqlConnection.ClearAllPools();
        using var connection = new SqlConnection(_master);
        connection.Open();
        connection.Execute($"""
            IF DB_ID(N'{Name}') IS NOT NULL
            BEGIN
                ALTER DATABASE [{Name}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE;
                DROP DATABASE [{Name}];
            END
            """);
    }
}
