using System.Net;
using Burgerbaan.Api.Auth;
using Burgerbaan.Api.Data;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Burgerbaan.Tests.Payouts;

/// <summary>Group commit seen through HTTP: concurrent keyed payouts share batches, and each key row stays with its own payout.</summary>
public sealed class GroupCommitApiTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    [Fact]
    public void Group_commit_is_on_by_default_on_sqlite()
    {
        Assert.True(api.Services.GetRequiredService<DatabaseSettings>().GroupCommit);
    }

    [Fact]
    public async Task Concurrent_keyed_payouts_keep_a_key_per_accepted_payout_and_none_for_a_refusal_and_replay_as_stored()
    {
        const int requests = 30;
        const int fits = 21; // 21 x 1000 cents fill the monthly limit of 21000
        var enrolled = await api.Enrol();
        var keyed = await api.NewKey(ApiRole.Finance, "group commit");
        var keys = Enumerable.Range(0, requests).Select(i => $"gc-{enrolled.VolunteerId}-{i}").ToList();
        var request = PayoutKit.Payout(enrolled.VolunteerId, 1000, 7);

        var first = await Task.WhenAll(keys.Select(key => keyed.Client.Post(request, key)));

        var accepted = new Dictionary<string, long>();
        for (var i = 0; i < requests; i++)
        {
            if (first[i].StatusCode == HttpStatusCode.Created)
            {
                accepted[keys[i]] = (await first[i].Read<PayoutResponse>(HttpStatusCode.Created)).Id;
                continue;
            }
            var problem = await first[i].Problem(HttpStatusCode.UnprocessableEntity, "monthly_cap_exceeded");
            Assert.Equal(0L, (long?)problem["headroomCents"]);
        }
        Assert.Equal(fits, accepted.Count);
        Assert.Equal(fits, await api.IdempotencyKeysOf(keyed.KeyId));

        var second = await Task.WhenAll(keys.Select(key => keyed.Client.Post(request, key)));
        for (var i = 0; i < requests; i++)
        {
            if (accepted.TryGetValue(keys[i], out var id))
            {
                Assert.Equal(id, (await second[i].Read<PayoutResponse>(HttpStatusCode.Created)).Id);
                Assert.Equal(["true"], second[i].Headers.GetValues("Idempotent-Replayed"));
            }
            else
            {
                await second[i].Problem(HttpStatusCode.UnprocessableEntity, "monthly_cap_exceeded");
                Assert.False(second[i].Headers.Contains("Idempotent-Replayed"));
            }
        }
        var listed = await api.Finance().Payouts(enrolled.VolunteerId);
        Assert.Equal(accepted.Values.Order(), listed.Select(p => p.Id).Order());
        Assert.Equal(fits * 1000L, (await api.Finance().Headroom(enrolled.VolunteerId)).MonthCounted(7));
        Assert.Equal(fits, await api.IdempotencyKeysOf(keyed.KeyId));
    }
}

/// <summary>The service with <c>Database:GroupCommit=false</c>: a transaction per write, queued behind a gate of one.</summary>
public sealed class WithoutGroupCommitApiFactory : BurgerbaanApiFactory
{
    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            settings["Database:GroupCommit"] = "false";
            return settings;
        }
    }
}

/// <summary>The payout races again with group commit switched off (the baseline the load script compares against).</summary>
public sealed class PayoutConcurrencyWithoutGroupCommitTests(WithoutGroupCommitApiFactory api) : IClassFixture<WithoutGroupCommitApiFactory>
{
    [Fact]
    public void The_switch_reaches_the_database_settings()
    {
        Assert.False(api.Services.GetRequiredService<DatabaseSettings>().GroupCommit);
    }

    [Fact]
    public Task Fifty_concurrent_payouts_of_1000_cents_accept_exactly_the_21_that_fit_the_month() =>
        PayoutConcurrencyScenario.OnlyWhatFitsTheMonthIsAccepted(api, requests: 50, amountCents: 1000);

    [Fact]
    public Task Racing_creates_and_releases_keep_every_total_equal_to_the_holding_payouts() =>
        PayoutConcurrencyScenario.CreatesAndReleasesKeepTotalsEqualToHoldingPayouts(api);
}
