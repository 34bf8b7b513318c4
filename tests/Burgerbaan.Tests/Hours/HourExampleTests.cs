using System.Text.Json;
using System.Text.Json.Nodes;
using Burgerbaan.Api.OpenApi;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using NodaTime;

namespace Burgerbaan.Tests.Hours;

// The POST /v1/hours example in the document must be accepted on whatever day a client reads it: a fixed date
// falls more than 13 months back one day.
public sealed class HourExampleTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    [Fact]
    public void The_example_date_is_accepted_on_every_day_of_several_years()
    {
        for (var today = new LocalDate(2024, 1, 1); today <= new LocalDate(2028, 12, 31); today = today.PlusDays(1))
        {
            var date = JsonSerializer.Deserialize<SubmitHoursRequest>(ExamplesSchemaFilter.SubmitHoursExample(today), BurgerbaanApiFactory.Json)!.Entries[0].Date;

            Assert.True(date <= today && date >= today.PlusMonths(-13), $"On {today} the example's date {date} would be refused.");
        }
    }

    [Fact]
    public async Task The_served_example_is_accepted_and_stored_as_sent()
    {
        var w = await HoursWorld.Create(api);
        var document = JsonNode.Parse(await (await api.Anonymous().GetAsync("/swagger/v1/swagger.json")).Content.ReadAsStringAsync())!;
        var example = document["components"]!["schemas"]!["SubmitHoursRequest"]!["example"]!.DeepClone().AsObject();
        // The document names placement 1; this test's volunteer has its own.
        example["entries"]![0]!["placementId"] = w.PlacementA;
        var sent = JsonSerializer.Deserialize<SubmitHoursRequest>(example.ToJsonString(), BurgerbaanApiFactory.Json)!.Entries[0];

        await (await w.PartnerA.SendRaw(HttpMethod.Post, "/v1/hours", example.ToJsonString())).Read<HourEntriesResponse>();

        var stored = Assert.Single(await HoursWorld.List(w.PartnerA));
        Assert.Equal((new LocalDate(2025, 3, 1), sent.ExternalId, sent.Minutes, sent.Description), (stored.Date, stored.ExternalId, stored.Minutes, stored.Description));
    }
}
