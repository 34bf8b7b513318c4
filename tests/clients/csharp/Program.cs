// The client scenario with a client Kiota generated from openapi.yaml (run.sh), as the cooperative's tech team would
// write it in C#: the same steps as tests/clients/typescript/scenario.ts. It registers an organisation, a volunteer, an
// agreement and a placement, lets a partner key push hours that the admin approves, refuses a payout that does not fit
// the month (a typed ProblemDetails exception), runs the month's payout run, approves its payout with a second key
// (finance: four eyes) and reads the headroom back. Any unexpected answer ends it with exit code 1.
using System.Globalization;
using Burgerbaan.ClientScenario;
using Burgerbaan.ClientScenario.Generated.Models;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;

// A failed step ends the run with exit code 1 and its message, not with an abort.
AppDomain.CurrentDomain.UnhandledException += (_, e) =>
{
    Console.Error.WriteLine($"FAILED: {(e.ExceptionObject as Exception)?.Message ?? e.ExceptionObject.ToString()}");
    Environment.Exit(1);
};
var api = Environment.GetEnvironmentVariable("API") ?? throw new InvalidOperationException("API is not set");
var adminKey = Environment.GetEnvironmentVariable("ADMIN_KEY") ?? throw new InvalidOperationException("ADMIN_KEY is not set");
using var adminHttp = Clients.Http(adminKey);
var admin = Clients.For(adminHttp, api);
var runId = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

// Hours for last month in Europe/Amsterdam (hours may not lie in the future), so the scenario keeps working as time passes.
var amsterdam = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam"));
var lastMonth = new DateOnly(amsterdam.Year, amsterdam.Month, 1).AddMonths(-1);
var year = lastMonth.Year;
var month = lastMonth.ToString("yyyy-MM", CultureInfo.InvariantCulture);

// Years after 2025 pay nothing until an admin sets their limits; these are 2025's (README, the allowance rules).
try
{
    await admin.V1.AllowanceLimits[year].GetAsync();
}
catch (ProblemDetails problem) when (problem.ResponseStatusCode == 404)
{
    await Check.Ok("set the year's limits", admin.V1.AllowanceLimits[year].PutAsync(new PutAllowanceLimitsRequest
    {
        AnnualCents = 210000, MonthlyCents = 21000, HourlyCents = 560, HourlyUnder21Cents = 330,
    }));
}

var organisation = await Check.Ok("create organisation", admin.V1.Organisations.PostAsync(new CreateOrganisationRequest
{
    Name = "Humanitas Almere", Kind = OrganisationKind.Nonprofit, KvkNumber = "40530512",
}));
var volunteer = await Check.Ok("create volunteer", admin.V1.Volunteers.PostAsync(new CreateVolunteerRequest
{
    FirstName = "Anna", LastName = "de Jong", DateOfBirth = new Date(1990, 3, 20), Iban = "NL91 ABNA 0417 1643 00",
}));
var volunteerId = volunteer.Id ?? Check.Fail<long>("the volunteer has no id");
await Check.Ok("create agreement", admin.V1.Volunteers[volunteerId].Agreements.PostAsync(new CreateAgreementRequest
{
    StartDate = new Date(year, 1, 1), EndDate = new Date(year, 12, 31), HourlyRateCents = 500,
}));
var placement = await Check.Ok("create placement", admin.V1.Placements.PostAsync(new CreatePlacementRequest
{
    VolunteerId = volunteerId, OrganisationId = organisation.Id, StartDate = new Date(year, 1, 1), Activity = "Gastvrouw buurthuis",
}));
var partnerKey = await Check.Ok("create partner key", admin.V1.ApiKeys.PostAsync(new CreateApiKeyRequest
{
    Name = "Humanitas export", Role = ApiRole.Partner, OrganisationId = organisation.Id,
}));
var financeKey = await Check.Ok("create finance key", admin.V1.ApiKeys.PostAsync(new CreateApiKeyRequest
{
    Name = "Penningmeester", Role = ApiRole.Finance,
}));

// The partner pushes 18 hours from its own system; the admin approves them.
using var partnerHttp = Clients.Http(partnerKey.Key!);
var partner = Clients.For(partnerHttp, api);
var pushed = await Check.Ok("partner pushes hours", partner.V1.Hours.PostAsync(new SubmitHoursRequest
{
    Entries =
    [
        new HourEntryInput { ExternalId = $"HUM-{month}-1", PlacementId = placement.Id, Date = Day(3), Minutes = 600, Description = "Koffieochtend" },
        new HourEntryInput { ExternalId = $"HUM-{month}-2", PlacementId = placement.Id, Date = Day(10), Minutes = 480, Description = "Buurtmaaltijd" },
    ],
}, c => c.Headers.Add("Idempotency-Key", $"cs-hours-{runId}")));
var entries = pushed.Items ?? [];
Check.That(entries.Count == 2 && entries.All(e => e.Status == HourStatus.Submitted && e.VolunteerId == volunteerId), "the pushed hours are not submitted");
await Check.Ok("approve hours", admin.V1.Hours.Approve.PostAsync(new ApproveHoursRequest { Ids = entries.Select(e => e.Id).ToList() }));
var stored = await Check.Ok("read the hours back", admin.V1.Hours.GetAsync(c => c.QueryParameters.PlacementId = placement.Id));
Check.That(stored.Items is { Count: 2 } items && items.All(e => e.Status == HourStatus.Approved), "the stored hours are not approved");

// A travel allowance of EUR 150 leaves 6,000 cents in the month; a gift of 8,900 does not fit: a typed problem.
await Check.Ok("travel payout", admin.V1.Payouts.PostAsync(new CreatePayoutRequest
{
    VolunteerId = volunteerId, Kind = PayoutKind.Travel, AmountCents = 15000, Period = month,
}, c => c.Headers.Add("Idempotency-Key", $"cs-travel-{runId}")));
try
{
    await admin.V1.Payouts.PostAsync(new CreatePayoutRequest { VolunteerId = volunteerId, Kind = PayoutKind.Gift, AmountCents = 8900, Period = month });
    Check.Fail<bool>("the gift that does not fit the month was accepted");
}
catch (ProblemDetails problem)
{
    Check.That(problem.ResponseStatusCode == 422 && problem.Status == 422 && problem.Code == "monthly_cap_exceeded"
        && problem.LimitCents == 21000 && problem.HeadroomCents == 6000,
        $"gift: {problem.ResponseStatusCode} {problem.Code} limit {problem.LimitCents} headroom {problem.HeadroomCents}");
    Console.WriteLine($"ok  refused payout read as a typed problem: {problem.Code}, headroomCents {problem.HeadroomCents}");
}

// The run pays the approved hours: 1,080 min x EUR 5.00 = 9,000 gross, trimmed to the 6,000 the month has left.
var run = await Check.Ok("payout run", admin.V1.PayoutRuns.PostAsync(new CreatePayoutRunRequest { Period = month },
    c => c.Headers.Add("Idempotency-Key", $"cs-run-{runId}")));
var line = run.Volunteers?.SingleOrDefault(l => l.VolunteerId == volunteerId) ?? Check.Fail<PayoutRunLine>("no run line for the volunteer");
Check.That(line is { GrossCents: 9000, PaidCents: 6000, TrimmedBy: "monthly_cap_exceeded" },
    $"run line: gross {line.GrossCents} paid {line.PaidCents} trimmedBy {line.TrimmedBy}");
var payoutId = line.PayoutId ?? Check.Fail<long>("the run made no payout");

// Four eyes: the finance key approves what the admin key's run created, sending the ETag of its last read.
using var financeHttp = Clients.Http(financeKey.Key!);
var finance = Clients.For(financeHttp, api);
var headers = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };
var before = await Check.Ok("read the run's payout", finance.V1.Payouts[payoutId].GetAsync(c => c.Options.Add(headers)));
Check.That(before.Status == PayoutStatus.Pending, "the run's payout is not pending");
var etag = headers.ResponseHeaders.TryGetValue("ETag", out var values) ? values.Single() : Check.Fail<string>("no ETag on the payout");
await Check.Ok("finance approves the payout", finance.V1.Payouts[payoutId].Approve.PostAsync(new PayoutActionRequest(),
    c => c.Headers.Add("If-Match", etag)));
var after = await Check.Ok("read the payout back", admin.V1.Payouts[payoutId].GetAsync());
Check.That(after is { Status: PayoutStatus.Approved, AmountCents: 6000 } && after.PayoutRunId == run.Id,
    $"payout: {after.Status} {after.AmountCents} run {after.PayoutRunId}");

var headroom = await Check.Ok("headroom", admin.V1.Volunteers[volunteerId].Allowance[year].GetAsync());
var monthRoom = headroom.Months?.SingleOrDefault(m => m.Period == month) ?? Check.Fail<MonthHeadroomResponse>($"no month {month}");
Check.That(monthRoom is { CountedCents: 21000, HeadroomCents: 0 }, $"month: counted {monthRoom.CountedCents} headroom {monthRoom.HeadroomCents}");
Check.That(headroom.CountedCents == 21000 && headroom.HeadroomCents == headroom.EffectiveAnnualCapCents - 21000,
    $"year: counted {headroom.CountedCents} headroom {headroom.HeadroomCents}");

// A partner key reads no volunteer records: a typed 403 problem.
try
{
    await partner.V1.Volunteers[volunteerId].GetAsync();
    Check.Fail<bool>("the partner key read a volunteer record");
}
catch (ProblemDetails problem)
{
    Check.That(problem.ResponseStatusCode == 403 && problem.Code == "forbidden", $"partner reading a volunteer: {problem.ResponseStatusCode} {problem.Code}");
}
Console.WriteLine("C# (Kiota) client scenario passed");
return 0;

Date Day(int day) => new(lastMonth.Year, lastMonth.Month, day);
