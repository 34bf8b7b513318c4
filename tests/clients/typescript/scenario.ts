// The client scenario as a team that generates its client from openapi.yaml writes it (run.sh): types from
// openapi-typescript, calls through openapi-fetch, checked with strict TypeScript. It registers an organisation, a
// volunteer, an agreement and a placement, lets a partner key push hours that the admin approves, refuses a payout
// that does not fit the month (read as a typed problem), runs the month's payout run, approves its payout with a
// second key (finance: four eyes), and reads the headroom back. Any unexpected answer ends it with exit code 1.
import createClient from "openapi-fetch";
import type { components, paths } from "./generated/api.js";

type Problem = components["schemas"]["ProblemDetails"];

const baseUrl = process.env.API ?? fail("API is not set");
const adminKey = process.env.ADMIN_KEY ?? fail("ADMIN_KEY is not set");
const client = (key: string) => createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${key}` } });
const admin = client(adminKey);

function fail(message: string): never {
  throw new Error(message);
}

function check(condition: boolean, message: string): void {
  if (!condition) fail(message);
}

// openapi-fetch answers either data (2xx) or error (the declared problem); a step that must succeed takes the data.
function ok<T>(step: string, result: { data?: T; error?: unknown; response: Response }): T {
  if (result.data === undefined) fail(`${step}: ${result.response.status} ${JSON.stringify(result.error)}`);
  console.log(`ok  ${step}: ${result.response.status}`);
  return result.data;
}

// Hours for last month in Europe/Amsterdam (hours may not lie in the future), so the scenario keeps working as time passes.
const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Amsterdam", year: "numeric", month: "2-digit" }).format(new Date());
const [thisYear, thisMonth] = today.split("-").map(Number) as [number, number];
const year = thisMonth === 1 ? thisYear - 1 : thisYear;
const month = `${year}-${String(thisMonth === 1 ? 12 : thisMonth - 1).padStart(2, "0")}`;
const runId = Date.now().toString(36);

// Years after 2025 pay nothing until an admin sets their limits; these are 2025's (README, the allowance rules).
const limits = await admin.GET("/v1/allowance-limits/{year}", { params: { path: { year } } });
if (limits.response.status === 404) {
  ok("set the year's limits", await admin.PUT("/v1/allowance-limits/{year}", {
    params: { path: { year } },
    body: { annualCents: 210000, monthlyCents: 21000, hourlyCents: 560, hourlyUnder21Cents: 330 },
  }));
}

const organisation = ok("create organisation", await admin.POST("/v1/organisations", {
  body: { name: "Humanitas Almere", kind: "nonprofit", kvkNumber: "40530512" },
}));
const volunteer = ok("create volunteer", await admin.POST("/v1/volunteers", {
  body: { firstName: "Anna", lastName: "de Jong", dateOfBirth: "1990-03-20", iban: "NL91 ABNA 0417 1643 00" },
}));
ok("create agreement", await admin.POST("/v1/volunteers/{volunteerId}/agreements", {
  params: { path: { volunteerId: volunteer.id } },
  body: { startDate: `${year}-01-01`, endDate: `${year}-12-31`, hourlyRateCents: 500 },
}));
const placement = ok("create placement", await admin.POST("/v1/placements", {
  body: { volunteerId: volunteer.id, organisationId: organisation.id, startDate: `${year}-01-01`, activity: "Gastvrouw buurthuis" },
}));
const partnerKey = ok("create partner key", await admin.POST("/v1/api-keys", {
  body: { name: "Humanitas export", role: "partner", organisationId: organisation.id },
}));
const financeKey = ok("create finance key", await admin.POST("/v1/api-keys", { body: { name: "Penningmeester", role: "finance" } }));

// The partner pushes 18 hours from its own system; the admin approves them.
const partner = client(partnerKey.key);
const pushed = ok("partner pushes hours", await partner.POST("/v1/hours", {
  params: { header: { "Idempotency-Key": `ts-hours-${runId}` } },
  body: {
    entries: [
      { externalId: `HUM-${month}-1`, placementId: placement.id, date: `${month}-03`, minutes: 600, description: "Koffieochtend" },
      { externalId: `HUM-${month}-2`, placementId: placement.id, date: `${month}-10`, minutes: 480, description: "Buurtmaaltijd" },
    ],
  },
}));
check(pushed.items.length === 2 && pushed.items.every(e => e.status === "submitted" && e.volunteerId === volunteer.id),
  `pushed hours: ${JSON.stringify(pushed.items)}`);
ok("approve hours", await admin.POST("/v1/hours/approve", { body: { ids: pushed.items.map(e => e.id) } }));
const stored = ok("read the hours back", await admin.GET("/v1/hours", { params: { query: { placementId: placement.id } } }));
check(stored.items.length === 2 && stored.items.every(e => e.status === "approved"), `stored hours: ${JSON.stringify(stored.items)}`);

// A travel allowance of EUR 150 leaves 6,000 cents in the month; a gift of 8,900 does not fit: a typed problem.
ok("travel payout", await admin.POST("/v1/payouts", {
  params: { header: { "Idempotency-Key": `ts-travel-${runId}` } },
  body: { volunteerId: volunteer.id, kind: "travel", amountCents: 15000, period: month },
}));
const refused = await admin.POST("/v1/payouts", { body: { volunteerId: volunteer.id, kind: "gift", amountCents: 8900, period: month } });
const problem: Problem | undefined = refused.error;
check(refused.data === undefined && refused.response.status === 422, `gift: expected 422, got ${refused.response.status}`);
check(refused.response.headers.get("content-type")?.startsWith("application/problem+json") === true, "gift: not a problem document");
check(problem?.code === "monthly_cap_exceeded" && problem.status === 422 && problem.limitCents === 21000 && problem.headroomCents === 6000,
  `gift: ${JSON.stringify(problem)}`);
console.log(`ok  refused payout read as a typed problem: ${problem?.code}, headroomCents ${problem?.headroomCents}`);

// The run pays the approved hours: 1,080 min x EUR 5.00 = 9,000 gross, trimmed to the 6,000 the month has left.
const run = ok("payout run", await admin.POST("/v1/payout-runs", {
  params: { header: { "Idempotency-Key": `ts-run-${runId}` } },
  body: { period: month },
}));
const line = run.volunteers.find(l => l.volunteerId === volunteer.id) ?? fail(`no run line: ${JSON.stringify(run)}`);
check(line.grossCents === 9000 && line.paidCents === 6000 && line.trimmedBy === "monthly_cap_exceeded", `run line: ${JSON.stringify(line)}`);
const payoutId = line.payoutId ?? fail("the run made no payout");

// Four eyes: the finance key approves what the admin key's run created, sending the ETag of its last read.
const finance = client(financeKey.key);
const before = await finance.GET("/v1/payouts/{id}", { params: { path: { id: payoutId } } });
check(ok("read the run's payout", before).status === "pending", "the run's payout is not pending");
const etag = before.response.headers.get("etag") ?? fail("no ETag on the payout");
ok("finance approves the payout", await finance.POST("/v1/payouts/{id}/approve", {
  params: { path: { id: payoutId }, header: { "If-Match": etag } },
}));
const after = ok("read the payout back", await admin.GET("/v1/payouts/{id}", { params: { path: { id: payoutId } } }));
check(after.status === "approved" && after.amountCents === 6000 && after.payoutRunId === run.id, `payout: ${JSON.stringify(after)}`);

const headroom = ok("headroom", await admin.GET("/v1/volunteers/{volunteerId}/allowance/{year}", {
  params: { path: { volunteerId: volunteer.id, year } },
}));
const monthRoom = headroom.months.find(m => m.period === month) ?? fail(`no month ${month}: ${JSON.stringify(headroom)}`);
check(monthRoom.countedCents === 21000 && monthRoom.headroomCents === 0, `month: ${JSON.stringify(monthRoom)}`);
check(headroom.countedCents === 21000 && headroom.headroomCents === headroom.effectiveAnnualCapCents - 21000, `year: ${JSON.stringify(headroom)}`);

// A partner key reads no volunteer records: a typed 403 problem.
const forbidden = await partner.GET("/v1/volunteers/{id}", { params: { path: { id: volunteer.id } } });
const refusal: Problem | undefined = forbidden.error;
check(forbidden.response.status === 403 && refusal?.code === "forbidden", `partner reading a volunteer: ${JSON.stringify(refusal)}`);
console.log("TypeScript client scenario passed");
