using System.Net;
using Burgerbaan.Api.Idempotency;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Burgerbaan.Tests.Payouts;

/// <summary>Idempotency-Key on POST /v1/payouts: replay, reuse with another body, in flight, per API key, refusals not stored.</summary>
public sealed class IdempotencyTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    [Fact]
    public async Task Same_key_and_body_replays_the_first_201_and_creates_one_payout()
    {
        var enrolled = await api.Enrol();
        var clerk = await api.NewKey(ApiRole.Finance);
        var request = PayoutKit.Payout(enrolled.VolunteerId, 6000, 4, description: "april");

        var first = await clerk.Client.Post(request, "payout-april");
        var second = await clerk.Client.Post(request, "payout-april");

        var created = await first.Read<PayoutResponse>(HttpStatusCode.Created);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(created, await second.Read<PayoutResponse>(HttpStatusCode.Created));
        Assert.Equal(["true"], second.Headers.GetValues("Idempotent-Replayed"));
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal([created.Id], (await api.Finance().Payouts(enrolled.VolunteerId)).Select(p => p.Id));
        Assert.Equal(6000, (await api.Finance().Headroom(enrolled.VolunteerId)).MonthCounted(4));
        Assert.Equal(1, await api.IdempotencyKeysOf(clerk.KeyId));
    }

    [Fact]
    public async Task Replay_answers_the_first_response_even_after_the_payout_moved_on()
    {
        var enrolled = await api.Enrol();
        var clerk = await api.NewKey(ApiRole.Finance);
        var request = PayoutKit.Payout(enrolled.VolunteerId, 6000, 4);
        var created = await (await clerk.Client.Post(request, "moved-on")).Read<PayoutResponse>(HttpStatusCode.Created);
        (await api.Admin().Act(created.Id, "approve")).EnsureSuccessStatusCode();

        var replay = await clerk.Client.Post(request, "moved-on");

        Assert.Equal(created, await replay.Read<PayoutResponse>(HttpStatusCode.Created));
        Assert.Single(await api.Finance().Payouts(enrolled.VolunteerId));
    }

    [Fact]
    public async Task Same_key_with_another_body_is_refused_with_idempotency_key_reused()
    {
        var enrolled = await api.Enrol();
        var clerk = await api.NewKey(ApiRole.Finance);
        var created = await (await clerk.Client.Post(PayoutKit.Payout(enrolled.VolunteerId, 6000, 4), "reused")).Read<PayoutResponse>(HttpStatusCode.Created);

        await (await clerk.Client.Post(PayoutKit.Payout(enrolled.VolunteerId, 6001, 4), "reused")).Problem(HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
        await (await clerk.Client.Post(PayoutKit.Payout(enrolled.VolunteerId, 6000, 5), "reused")).Problem(HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");

        Assert.Equal([created.Id], (await api.Finance().Payouts(enrolled.VolunteerId)).Select(p => p.Id));
        Assert.Equal(6000, (await api.Finance().Headroom(enrolled.VolunteerId)).CountedCents);
    }

    [Fact]
    public async Task Key_still_in_flight_is_a_conflict_with_retry_after()
    {
        var enrolled = await api.Enrol();
        var clerk = await api.NewKey(ApiRole.Finance);
        var idempotent = api.Services.GetRequiredService<IdempotentPost>();
        Assert.True(idempotent.TryBegin(clerk.KeyId, "slow-one"));

        var busy = await clerk.Client.Post(PayoutKit.Payout(enrolled.VolunteerId, 6000, 4), "slow-one");

        await busy.Problem(HttpStatusCode.Conflict, "conflict");
        Assert.Equal("1", busy.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(await api.Finance().Payouts(enrolled.VolunteerId));
        Assert.Equal(0, await api.IdempotencyKeysOf(clerk.KeyId));
        idempotent.End(clerk.KeyId, "slow-one");
        var after = await clerk.Client.Post(PayoutKit.Payout(enrolled.VolunteerId, 6000, 4), "slow-one");
        await after.Read<PayoutResponse>(HttpStatusCode.Created);
        Assert.False(after.Headers.Contains("Idempotent-Replayed"));
    }

    [Fact]
    public async Task Keys_belong_to_one_api_key()
    {
        var enrolled = await api.Enrol();
        var one = await api.NewKey(ApiRole.Finance, "desk one");
        var two = await api.NewKey(ApiRole.Finance, "desk two");
        var request = PayoutKit.Payout(enrolled.VolunteerId, 3000, 6);
        var idempotent = api.Services.GetRequiredService<IdempotentPost>();
        Assert.True(idempotent.TryBegin(one.KeyId, "shared"));
        try
        {
            // In flight for key one only: key two may use the same value meanwhile.
            var fromTwo = await two.Client.Post(request, "shared");
            Assert.False(fromTwo.Headers.Contains("Idempotent-Replayed"));
            await fromTwo.Read<PayoutResponse>(HttpStatusCode.Created);
        }
        finally
        {
            idempotent.End(one.KeyId, "shared");
        }

        var fromOne = await one.Client.Post(request, "shared");
        var otherBodyFromTwo = await two.Client.Post(request with { AmountCents = 3001 }, "shared");

        Assert.False(fromOne.Headers.Contains("Idempotent-Replayed"));
        await fromOne.Read<PayoutResponse>(HttpStatusCode.Created);
        await otherBodyFromTwo.Problem(HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
        Assert.Equal(2, (await api.Finance().Payouts(enrolled.VolunteerId)).Count);
        Assert.Equal((1L, 1L), (await api.IdempotencyKeysOf(one.KeyId), await api.IdempotencyKeysOf(two.KeyId)));
    }

    [Fact]
    public async Task Refused_request_stores_no_key_so_the_same_key_succeeds_once_there_is_room()
    {
        var enrolled = await api.Enrol();
        var clerk = await api.NewKey(ApiRole.Finance);
        var blocking = await clerk.Client.Pay(PayoutKit.Payout(enrolled.VolunteerId, 18000, 7));
        var request = PayoutKit.Payout(enrolled.VolunteerId, 5000, 7, PayoutKind.Gift);

        var refused = await (await clerk.Client.Post(request, "gift-july")).Problem(HttpStatusCode.UnprocessableEntity, "monthly_cap_exceeded");
        Assert.Equal(3000, (long?)refused["headroomCents"]);
        Assert.Equal(0, await api.IdempotencyKeysOf(clerk.KeyId));
        (await clerk.Client.Act(blocking.Id, "cancel")).EnsureSuccessStatusCode();

        var accepted = await clerk.Client.Post(request, "gift-july");

        Assert.False(accepted.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(PayoutKind.Gift, (await accepted.Read<PayoutResponse>(HttpStatusCode.Created)).Kind);
        Assert.Equal(5000, (await api.Finance().Headroom(enrolled.VolunteerId)).MonthCounted(7));
        Assert.Equal(1, await api.IdempotencyKeysOf(clerk.KeyId));
    }

    [Fact]
    public async Task Validation_failure_stores_no_key()
    {
        var enrolled = await api.Enrol();
        var clerk = await api.NewKey(ApiRole.Finance);

        await (await clerk.Client.Post(PayoutKit.Payout(987654, 5000, 7), "bad-first")).Problem(HttpStatusCode.BadRequest, "validation_failed");
        await (await clerk.Client.Post(PayoutKit.Payout(enrolled.VolunteerId, 5000, 7), "bad-first")).Read<PayoutResponse>(HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("ü-not-ascii")]
    public async Task Malformed_key_is_a_validation_error(string key)
    {
        var enrolled = await api.Enrol();
        var message = new HttpRequestMessage(HttpMethod.Post, "/v1/payouts")
        {
            Content = System.Net.Http.Json.JsonContent.Create(PayoutKit.Payout(enrolled.VolunteerId, 1000, 1), options: BurgerbaanApiFactory.Json),
        };
        message.Headers.TryAddWithoutValidation("Idempotency-Key", key);

        var problem = await (await api.Finance().SendAsync(message)).Problem(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal(["Idempotency-Key"], problem.ErrorFields());
        Assert.Empty(await api.Finance().Payouts(enrolled.VolunteerId));
    }

    [Fact]
    public async Task Overlong_key_is_a_validation_error()
    {
        var enrolled = await api.Enrol();

        var problem = await (await api.Finance().Post(PayoutKit.Payout(enrolled.VolunteerId, 1000, 1), new string('k', 201))).Problem(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal(["Idempotency-Key"], problem.ErrorFields());
        await (await api.Finance().Post(PayoutKit.Payout(enrolled.VolunteerId, 1000, 1), new string('k', 200))).Read<PayoutResponse>(HttpStatusCode.Created);
    }
}
