using System.Net;
using Burgerbaan.Tests.Infrastructure;
using Burgerbaan.Tests.Payouts;

namespace Burgerbaan.Tests.PaymentBatches;

/// <summary>Without Finance:Debtor the service runs, and only refuses new batches, with a problem that says what to set.</summary>
public sealed class NoDebtorTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    [Fact]
    public async Task Without_a_configured_debtor_a_batch_is_refused_and_nothing_is_stored()
    {
        var (_, approved) = await api.Approved("Anna", "de Jong", 1000);

        var problem = await (await api.Finance().Batch(approved[0].Id)).Problem(HttpStatusCode.UnprocessableEntity, "debtor_not_configured");

        Assert.Equal("No account to pay from is configured: set Finance:Debtor:Name, :Iban and :Bic (README, Configuration) and restart the service.",
            (string?)problem["detail"]);
        Assert.Empty(await api.Admin().AllBatches());
        Assert.Equal(Contracts.PayoutStatus.Approved, (await api.Finance().GetPayout(approved[0].Id)).Status);
    }
}
