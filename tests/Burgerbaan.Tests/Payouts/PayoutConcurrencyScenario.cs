using System.Net;
using System.Text.Json.Nodes;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;

namespace Burgerbaan.Tests.Payouts;

/// <summary>
/// Payout races, written against any <see cref="BurgerbaanApiFactory"/> and only through HTTP, so the same
/// scenarios run on SQLite here and on SQL Server from a derived factory.
/// </summary>
public static class PayoutConcurrencyScenario
{
    /// <summary>
    /// Fires <paramref name="requests"/> payouts of <paramref name="amountCents"/> at one volunteer's month at once, from several
    /// keys (finance and admin), half with an Idempotency-Key; exactly as many as fit under the monthly limit are accepted.
    /// </summary>
    public static async Task OnlyWhatFitsTheMonthIsAccepted(BurgerbaanApiFactory api, int requests = 50, long amountCents = 1000)
    {
        const long monthly = 21000;
        var fits = (int)Math.Min(requests, monthly / amountCents);
        var enrolled = await api.Enrol();
        var clients = await Clients(api);

        var responses = await Task.WhenAll(Enumerable.Range(0, requests).Select(i =>
            clients[i % clients.Count].Post(PayoutKit.Payout(enrolled.VolunteerId, amountCents, 6), i % 2 == 0 ? $"race-{enrolled.VolunteerId}-{i}" : null)));

        var accepted = new List<PayoutResponse>();
        foreach (var response in responses)
        {
            if (response.StatusCode == HttpStatusCode.Created)
            {
                accepted.Add(await response.Read<PayoutResponse>(HttpStatusCode.Created));
                continue;
            }
            var problem = await response.Problem(HttpStatusCode.UnprocessableEntity, "monthly_cap_exceeded");
            Assert.Equal(monthly, (long?)problem["limitCents"]);
            Assert.Equal(monthly - (fits * amountCents), (long?)problem["headroomCents"]);
        }
        Assert.Equal(fits, accepted.Count);
        Assert.Equal(fits, accepted.Select(p => p.Id).Distinct().Count());

        var finance = api.Finance();
        var listed = await finance.Payouts(enrolled.VolunteerId);
        var headroom = await finance.Headroom(enrolled.VolunteerId);
        Assert.Equal(accepted.Select(p => p.Id).Order(), listed.Select(p => p.Id).Order());
        Assert.All(listed, p => Assert.Equal(PayoutStatus.Pending, p.Status));
        Assert.Equal(accepted.Sum(p => p.AmountCents), headroom.MonthCounted(6));
        Assert.Equal(listed.Where(p => p.Status == PayoutStatus.Pending).Sum(p => p.AmountCents), headroom.MonthCounted(6));
        Assert.Equal(headroom.MonthCounted(6), headroom.CountedCents);
    }

    /// <summary>
    /// Creates, double cancels, approvals and rejections racing over three months of a volunteer whose agreement caps the
    /// year at 40000: every total stays equal to the sum of the payouts that hold, and within its cap.
    /// </summary>
    public static async Task CreatesAndReleasesKeepTotalsEqualToHoldingPayouts(BurgerbaanApiFactory api)
    {
        const long annual = 40000;
        var enrolled = await api.Enrol(budget: annual);
        var clients = await Clients(api);
        var finance = api.Finance();
        var existing = new List<PayoutResponse>();
        for (var i = 0; i < 10; i++)
        {
            existing.Add(await finance.Pay(PayoutKit.Payout(enrolled.VolunteerId, 2100, 5)));
        }
        for (var i = 0; i < 4; i++)
        {
            existing.Add(await finance.Pay(PayoutKit.Payout(enrolled.VolunteerId, 4000, 6)));
        }

        var work = new List<Task<(string Kind, long? PayoutId, HttpResponseMessage Response)>>();
        for (var i = 0; i < 36; i++)
        {
            var client = clients[i % clients.Count];
            var request = PayoutKit.Payout(enrolled.VolunteerId, 1500 + (i % 4 * 500), 5 + (i % 3), i % 5 == 0 ? PayoutKind.Travel : PayoutKind.Allowance);
            work.Add(Tag("create", null, client.Post(request, i % 2 == 0 ? $"mixed-{enrolled.VolunteerId}-{i}" : null)));
        }
        foreach (var (payout, index) in existing.Select((p, i) => (p, i)))
        {
            var (first, second) = index % 3 == 0 ? ("reject", "cancel") : index % 3 == 1 ? ("cancel", "cancel") : ("approve", "cancel");
            work.Add(Tag(first, payout.Id, clients[index % clients.Count].Act(payout.Id, first)));
            work.Add(Tag(second, payout.Id, clients[(index + 1) % clients.Count].Act(payout.Id, second)));
        }
        var results = await Task.WhenAll(work);

        foreach (var (kind, _, response) in results)
        {
            var allowed = kind == "create"
                ? new[] { HttpStatusCode.Created, HttpStatusCode.UnprocessableEntity }
                : [HttpStatusCode.OK, HttpStatusCode.Conflict];
            Assert.Contains(response.StatusCode, allowed);
            if (response.StatusCode == HttpStatusCode.UnprocessableEntity)
            {
                Assert.Contains((string?)(await response.Content.ReadFromJsonNode())["code"], new[] { "monthly_cap_exceeded", "allowance_cap_exceeded" });
            }
        }
        // Every existing payout met one release that must win (cancel is legal from pending and approved) and exactly one does.
        foreach (var group in results.Where(r => r.PayoutId is not null).GroupBy(r => r.PayoutId))
        {
            Assert.Equal(1, group.Count(r => r.Response.IsSuccessStatusCode && r.Kind is "cancel" or "reject"));
        }

        var listed = await finance.Payouts(enrolled.VolunteerId);
        var headroom = await finance.Headroom(enrolled.VolunteerId);
        var holding = listed.Where(p => p.Status is PayoutStatus.Pending or PayoutStatus.Approved or PayoutStatus.Paid).ToList();
        Assert.All(listed.Where(p => existing.Any(e => e.Id == p.Id)), p => Assert.Contains(p.Status, new[] { PayoutStatus.Cancelled, PayoutStatus.Rejected }));
        Assert.Equal(existing.Count + results.Count(r => r.Kind == "create" && r.Response.StatusCode == HttpStatusCode.Created), listed.Count);
        Assert.Equal(holding.Sum(p => p.AmountCents), headroom.CountedCents);
        Assert.InRange(headroom.CountedCents, 0, annual);
        foreach (var month in headroom.Months)
        {
            Assert.Equal(holding.Where(p => p.Period == month.Period).Sum(p => p.AmountCents), month.CountedCents);
            Assert.InRange(month.CountedCents, 0, month.LimitCents);
        }
    }

    /// <summary>Two finance keys and two admin keys, each its own HttpClient.</summary>
    private static async Task<List<HttpClient>> Clients(BurgerbaanApiFactory api) =>
    [
        (await api.NewKey(ApiRole.Finance, "race finance 1")).Client,
        (await api.NewKey(ApiRole.Finance, "race finance 2")).Client,
        (await api.NewKey(ApiRole.Admin, "race admin")).Client,
        api.WithKey(BurgerbaanApiFactory.AdminKey),
    ];

    private static async Task<(string, long?, HttpResponseMessage)> Tag(string kind, long? payoutId, Task<HttpResponseMessage> call) => (kind, payoutId, await call);

    private static async Task<JsonObject> ReadFromJsonNode(this HttpContent content) => JsonNode.Parse(await content.ReadAsStringAsync())!.AsObject();
}
