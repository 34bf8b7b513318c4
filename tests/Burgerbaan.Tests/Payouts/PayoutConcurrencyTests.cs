using Burgerbaan.Tests.Infrastructure;

namespace Burgerbaan.Tests.Payouts;

/// <summary>Concurrent payouts on the SQLite file: the running totals never pass a cap and always equal the holding payouts.</summary>
public sealed class PayoutConcurrencyTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    [Fact]
    public Task Fifty_concurrent_payouts_of_1000_cents_accept_exactly_the_21_that_fit_the_month() =>
        PayoutConcurrencyScenario.OnlyWhatFitsTheMonthIsAccepted(api, requests: 50, amountCents: 1000);

    [Fact]
    public Task Sixty_concurrent_payouts_of_2500_cents_accept_exactly_the_8_that_fit_the_month() =>
        PayoutConcurrencyScenario.OnlyWhatFitsTheMonthIsAccepted(api, requests: 60, amountCents: 2500);

    [Fact]
    public Task Racing_creates_and_releases_keep_every_total_equal_to_the_holding_payouts() =>
        PayoutConcurrencyScenario.CreatesAndReleasesKeepTotalsEqualToHoldingPayouts(api);
}
