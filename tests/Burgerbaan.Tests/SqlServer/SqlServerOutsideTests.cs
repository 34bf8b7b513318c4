using Burgerbaan.Tests.Outside;

namespace Burgerbaan.Tests.SqlServer;

/// <summary>Allowances declared from other organisations on SQL Server, where payouts and declarations really run in parallel. Skipped without a server.</summary>
public sealed class SqlServerOutsideTests
{
    [SqlServerFact]
    public async Task Concurrent_payouts_and_a_declaration_never_let_the_scheme_take_the_total_past_the_cap_on_sql_server()
    {
        using var database = new TemporarySqlServerDatabase();
        using var api = new SqlServerApiFactory(database.ConnectionString);

        await OutsideRaceScenario.Race(api);
    }
}
