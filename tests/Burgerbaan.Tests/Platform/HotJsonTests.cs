using System.Text.Json;
using Burgerbaan.Api.Common;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Burgerbaan.Tests.Platform;

/// <summary>
/// The hot contracts come from the generated <see cref="HotJsonContext"/>, and write and refuse exactly as the reflection
/// resolver does with the service's rules (NodaTime formats, strict numbers, unknown fields).
/// </summary>
public sealed class HotJsonTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    private static readonly JsonSerializerOptions Reflection = NodaTimeJson.Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    private JsonSerializerOptions Served => api.Services.GetRequiredService<IOptions<HttpJsonOptions>>().Value.SerializerOptions;

    [Theory]
    [InlineData(typeof(AllowanceHeadroomResponse))]
    [InlineData(typeof(PayoutResponse))]
    [InlineData(typeof(Page<PayoutResponse>))]
    [InlineData(typeof(CreatePayoutRequest))]
    [InlineData(typeof(Page<HourEntryResponse>))]
    [InlineData(typeof(HourEntryResponse))]
    public void Hot_contracts_resolve_from_the_generated_context(Type type)
    {
        Assert.IsType<HotJsonContext>(Served.GetTypeInfo(type).OriginatingResolver);
        Assert.IsNotType<HotJsonContext>(Served.GetTypeInfo(typeof(AllowanceLimitsResponse)).OriginatingResolver);
    }

    [Fact]
    public void Headroom_and_payout_write_the_same_json_as_the_reflection_resolver()
    {
        var headroom = new AllowanceHeadroomResponse(7, 2025, 210000, 150000, 36000, 114000,
            [new MonthHeadroomResponse(new YearMonth(2025, 2), 21000, 15000, 6000)]);
        var payout = Sample();
        var page = new Page<PayoutResponse>([payout], "next");

        Assert.Equal(JsonSerializer.Serialize(headroom, Reflection), JsonSerializer.Serialize(headroom, Served));
        Assert.Equal(JsonSerializer.Serialize(page, Reflection), JsonSerializer.Serialize(page, Served));
        Assert.Contains("\"period\":\"2025-02\"", JsonSerializer.Serialize(headroom, Served), StringComparison.Ordinal);
    }

    [Fact]
    public void The_hour_list_writes_the_same_json_as_the_reflection_resolver()
    {
        var page = new Page<HourEntryResponse>([
            new HourEntryResponse(5, "ext-5", 2, 3, 7, new LocalDate(2025, 6, 2), 90, "koffie \"schenken\" <b>", HourStatus.Paid, null, 11),
            new HourEntryResponse(6, "ext-6", 2, 3, 7, new LocalDate(2025, 6, 3), 60, null, HourStatus.Rejected, "dubbel", null),
        ], null);

        // The service's rules and text encoder on the reflection resolver alone: what the list wrote before it was listed.
#pragma warning disable CA1869 // one instance, for this comparison only
        var reflectionOnly = NodaTimeJson.Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web) { Encoder = Served.Encoder });
#pragma warning restore CA1869

        Assert.IsNotType<HotJsonContext>(reflectionOnly.GetTypeInfo(page.GetType()).OriginatingResolver);
        Assert.Equal(JsonSerializer.Serialize(page, reflectionOnly), JsonSerializer.Serialize(page, Served));
        Assert.Contains("\"date\":\"2025-06-02\",\"minutes\":90", JsonSerializer.Serialize(page, Served), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"volunteerId":1,"kind":"allowance","amountCents":100,"period":"2025-03","extra":1}""")]
    [InlineData("""{"volunteerId":1,"kind":"allowance","amountCents":"100","period":"2025-03"}""")]
    [InlineData("""{"volunteerId":1,"kind":"Allowance","amountCents":100,"period":"2025-03"}""")]
    [InlineData("""{"volunteerId":1,"kind":"allowance","amountCents":100,"period":"2025-3"}""")]
    [InlineData("""{"volunteerId":1,"kind":"allowance","amountCents":100,"period":"2025-03","receiptReference":"a\nb"}""")]
    [InlineData("""{"kind":"allowance","amountCents":100,"period":"2025-03"}""")]
    public void A_payout_request_is_refused_by_the_generated_metadata_as_by_reflection(string json)
    {
        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<CreatePayoutRequest>(json, Reflection));
        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<CreatePayoutRequest>(json, Served));
    }

    [Fact]
    public void A_valid_payout_request_reads_the_same_through_both()
    {
        const string json = """{"volunteerId":1,"kind":"travel","amountCents":100,"period":"2025-03","description":"trein\nretour"}""";

        Assert.Equal(JsonSerializer.Deserialize<CreatePayoutRequest>(json, Reflection), JsonSerializer.Deserialize<CreatePayoutRequest>(json, Served));
    }

    private static PayoutResponse Sample() => new(11, 7, 3, PayoutKind.Gift, 8900, new YearMonth(2025, 4), PayoutStatus.Pending, "bloemen",
        null, Instant.FromUtc(2025, 3, 14, 9, 0), Instant.FromUtc(2025, 3, 14, 9, 0, 30) + Duration.FromMilliseconds(250), null, 5,
        "Anna de Jong", "NL91ABNA0417164300");
}
