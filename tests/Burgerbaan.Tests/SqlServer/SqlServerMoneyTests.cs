using Burgerbaan.Tests.Hours;
using Burgerbaan.Tests.Payouts;

namespace Burgerbaan.Tests.SqlServer;

/// <summary>
/// The money paths on SQL Server, where concurrent writers really run in parallel: the running-total
/// conditional updates, idempotency keys, hour upserts and payout runs. Skipped without a server.
/// </summary>
public sealed class SqlServerMoneyTests
{
    [SqlServerFact]
    public async Task Concurrent_payouts_accept_exactly_what_fits_the_month_on_sql_server()
    {
        using var database = new TemporarySqlServerDatabase();
        using var api = new SqlServerApiFactory(database.ConnectionString);

        await PayoutConcurrencyScenario.OnlyWhatFitsTheMonthIsAccepted(api);
        await PayoutConcurrencyScenario.OnlyWhatFitsTheMonthIsAccepted(api, requests: 60, amountCents: 2500);
    }

    [SqlServerFact]
    public async Task Racing_creates_and_releases_keep_the_totals_equal_to_holding_payouts_on_sql_server()
    {
        using var database = new TemporarySqlServerDatabase();
        using var api = new SqlServerApiFactory(database.ConnectionString);

        await PayoutConcurrencyScenario.CreatesAndReleasesKeepTotalsEqualToHoldingPayouts(api);
    }

    [SqlServerFact]
    public async Task Hours_are_upserted_approved_paid_once_and_run_on_sql_server()
    {
        using var database = new TemporarySqlServerDatabase();
        using var api = new SqlServerApiFactory(database.ConnectionString);

        await HoursScenario.SubmitApproveRunAndPayOnce(api);
    }
}
