namespace Burgerbaan.Tests.SqlServer;

/// <summary>
/// A test that needs a real SQL Server: it runs when <c>BURGERBAAN_TEST_SQLSERVER</c> holds a connection
/// string (a login that may create databases) and is skipped, with the reason, otherwise. See
/// <see cref="TemporarySqlServerDatabase"/> for how to start one locally.
/// </summary>
public sealed class SqlServerFactAttribute : FactAttribute
{
    public const string Variable = "BURGERBAAN_TEST_SQLSERVER";

    public SqlServerFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            Skip = "Set BURGERBAAN_TEST_SQLSERVER to a SQL Server connection string to run";
        }
    }

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable);
}
