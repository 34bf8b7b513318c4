using System.Net;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using Burgerbaan.Tests.Payouts;

namespace Burgerbaan.Tests.Outside;

/// <summary>Payouts and a declaration racing for one month, through HTTP only, so it runs on SQLite (OutsideRaceTests) and SQL Server (SqlServerOutsideTests).</summary>
public static class OutsideRaceScenario
{
    private const long Monthly = 21000;

    /// <summary>Six volunteers at once, each with eight payouts of 5000 and one declaration of 6000 for June.</summary>
    public static async Task Race(BurgerbaanApiFactory api)
    {
        // Several volunteers at once, so that some declarations land before the payouts and some after.
        await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
        {
            var enrolled = await api.Enrol();
            const long declared = 6000;
            var payouts = Enumerable.Range(0, 8).Select(i =>
                (i % 2 == 0 ? api.Admin() : api.Finance()).Post(PayoutKit.Payout(enrolled.VolunteerId, 5000, 6), $"outside-race-{enrolled.VolunteerId}-{i}"));
            var declaration = api.Finance().Declare(enrolled.VolunteerId, OutsideKit.Declaration(6, declared));
            var responses = await Task.WhenAll(payouts.Prepend(declaration));

            var outside = await responses[0].Read<OutsideAllowanceResponse>(HttpStatusCode.Created);
            var accepted = 0L;
            foreach (var response in responses.Skip(1))
            {
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    accepted += (await response.Read<PayoutResponse>(HttpStatusCode.Created)).AmountCents;
                    continue;
                }
                var code = (string?)System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())?["code"];
                Assert.Contains(code, new[] { "monthly_cap_exceeded", "outside_allowance_over_limit" });
                var problem = await response.Problem(HttpStatusCode.UnprocessableEntity, code!);
                Assert.Equal(Monthly, (long?)problem["limitCents"]);
            }

            var stored = (await api.Finance().Payouts(enrolled.VolunteerId)).Where(p => p.Status == PayoutStatus.Pending).Sum(p => p.AmountCents);
            var headroom = await api.Finance().Headroom(enrolled.VolunteerId);
            Assert.Equal(accepted, stored);
            Assert.Equal(stored + declared, headroom.MonthCounted(6));
            Assert.Equal(stored + declared, headroom.CountedCents);
            Assert.True(stored <= Monthly, $"the scheme took {stored} cents of a {Monthly} limit");
            // Flagged exactly when the declaration found too little room, which only a payout booked before it can have taken.
            var stillFlagged = (await api.Finance().OutsideAllowance(enrolled.VolunteerId, outside.Id)).OverLimit;
            Assert.Equal(stored + declared > Monthly, outside.OverLimit);
            Assert.Equal(outside.OverLimit, stillFlagged);
            // Unflagged, the declaration was in the totals before any payout that could cross the cap, and they all saw it: three fit
            // beside it. Flagged, four payouts (20000) were booked before it and none after.
            Assert.Equal(outside.OverLimit ? 20000 : 15000, stored);
            var statement = await api.Finance().Statement(enrolled.VolunteerId);
            Assert.Equal((stored, declared, headroom.CountedCents, headroom.HeadroomCents),
                (statement.Months[5].SchemeCents, statement.Months[5].OutsideCents, statement.CountedCents, statement.HeadroomCents));
        }));
    }
}
