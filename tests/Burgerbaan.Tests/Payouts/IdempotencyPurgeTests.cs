using System.Net;
using Burgerbaan.Api.Idempotency;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Burgerbaan.Tests.Payouts;

/// <summary>Idempotency keys are kept for the retention (48 hours by default, at least 24) and then purged.</summary>
public sealed class IdempotencyPurgeTests
{
    [Fact]
    public async Task Keys_are_kept_for_48_hours_by_default_and_purged_after()
    {
        await using var api = new BurgerbaanApiFactory();
        var (clerk, request, first) = await PayWithKey(api);
        var purger = api.Services.GetRequiredService<IdempotencyPurger>();

        api.Clock.Advance(Duration.FromHours(48));
        await purger.PurgeAsync(CancellationToken.None);

        Assert.Equal(1, await api.IdempotencyKeysOf(clerk.KeyId));
        var replay = await clerk.Client.Post(request, "kept-for-a-while");
        Assert.Equal(first, await replay.Read<PayoutResponse>(HttpStatusCode.Created));
        Assert.True(replay.Headers.Contains("Idempotent-Replayed"));

        api.Clock.Advance(Duration.FromSeconds(1));
        Assert.Equal(1, await purger.PurgeAsync(CancellationToken.None));

        Assert.Equal(0, await api.IdempotencyKeysOf(clerk.KeyId));
        var fresh = await clerk.Client.Post(request, "kept-for-a-while");
        Assert.False(fresh.Headers.Contains("Idempotent-Replayed"));
        Assert.NotEqual(first.Id, (await fresh.Read<PayoutResponse>(HttpStatusCode.Created)).Id);
        Assert.Equal(2, (await api.Finance().Payouts(request.VolunteerId)).Count);
    }

    [Fact]
    public async Task Retention_follows_configuration()
    {
        await using var api = new RetentionFactory("24");
        var (clerk, _, _) = await PayWithKey(api);
        var purger = api.Services.GetRequiredService<IdempotencyPurger>();

        api.Clock.Advance(Duration.FromHours(24));
        Assert.Equal(0, await purger.PurgeAsync(CancellationToken.None));
        api.Clock.Advance(Duration.FromMinutes(1));
        Assert.Equal(1, await purger.PurgeAsync(CancellationToken.None));

        Assert.Equal(0, await api.IdempotencyKeysOf(clerk.KeyId));
    }

    [Theory]
    [InlineData("23")]
    [InlineData("two days")]
    public async Task Retention_below_24_hours_or_not_a_number_stops_the_start(string hours)
    {
        await using var api = new RetentionFactory(hours);

        var error = Assert.ThrowsAny<Exception>(() => api.Services);

        Assert.True(error is OptionsValidationException or InvalidOperationException, error.GetType().Name);
        Assert.Contains("'Idempotency:RetentionHours'", error.Message, StringComparison.Ordinal);
    }

    private static async Task<(KeyedClient Clerk, CreatePayoutRequest Request, PayoutResponse First)> PayWithKey(BurgerbaanApiFactory api)
    {
        var enrolled = await api.Enrol();
        var clerk = await api.NewKey(ApiRole.Finance);
        var request = PayoutKit.Payout(enrolled.VolunteerId, 2500, 3);
        var first = await (await clerk.Client.Post(request, "kept-for-a-while")).Read<PayoutResponse>(HttpStatusCode.Created);
        return (clerk, request, first);
    }

    private sealed class RetentionFactory(string hours) : BurgerbaanApiFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
        {
            ["Idempotency:RetentionHours"] = hours,
        };
    }
}
