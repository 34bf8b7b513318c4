using System.Buffers.Text;
using System.Net;
using System.Text;
using Burgerbaan.Tests.Infrastructure;

namespace Burgerbaan.Tests.Security;

/// <summary>
/// Bad paths, ids, query parameters and methods, as admin: each a 4xx problem with a stable code, never a 500.
/// Paths use the placeholders of <see cref="SecurityWorld"/>; {x} is replaced by each bad id.
/// </summary>
public sealed class BadRequestLineTests(SecurityWorld world) : IClassFixture<SecurityWorld>
{
    /// <summary>Every route with an id, with the method and (for writes) a body that would otherwise be accepted.</summary>
    private static readonly (string Method, string Path, string? Body)[] IdRoutes =
    [
        ("DELETE", "/v1/api-keys/{x}", null),
        ("GET", "/v1/organisations/{x}", null),
        ("PATCH", "/v1/organisations/{x}", """{"active": true}"""),
        ("GET", "/v1/volunteers/{x}", null),
        ("PATCH", "/v1/volunteers/{x}", """{"active": true}"""),
        ("GET", "/v1/volunteers/{x}/agreements", null),
        ("POST", "/v1/volunteers/{x}/agreements", """{"startDate": "2030-01-01", "endDate": "2030-06-30"}"""),
        ("GET", "/v1/volunteers/{volunteer}/agreements/{x}", null),
        ("POST", "/v1/volunteers/{volunteer}/agreements/{x}/extend", """{"months": 1}"""),
        ("POST", "/v1/volunteers/{x}/agreements/{agreement}/extend", """{"months": 1}"""),
        ("GET", "/v1/placements/{x}", null),
        ("PATCH", "/v1/placements/{x}", """{"hoursPerWeek": 4}"""),
        ("GET", "/v1/placements/{x}/hours/summary?month=2025-03", null),
        ("POST", "/v1/hours/{x}/approve", null),
        ("POST", "/v1/hours/{x}/reject", """{"reason": "Dubbel"}"""),
        ("GET", "/v1/volunteers/{x}/allowance/2025", null),
        ("GET", "/v1/payouts/{x}", null),
        ("POST", "/v1/payouts/{x}/approve", null),
        ("POST", "/v1/payouts/{x}/mark-paid", null),
        ("POST", "/v1/payouts/{x}/cancel", """{"reason": "Vergissing"}"""),
        ("POST", "/v1/payouts/{x}/reject", null),
        ("GET", "/v1/payout-runs/{x}", null),
        ("GET", "/v1/sponsors/{x}/sroi-report", null),
        ("GET", "/v1/sponsors/1/obligations/{x}/sroi-report", null),
        ("GET", "/v1/volunteers/{x}/outside-allowances", null),
        ("POST", "/v1/volunteers/{x}/outside-allowances", """{"period": "2025-09", "amountCents": 1, "organisationName": "Sportclub", "kind": "gift"}"""),
        ("GET", "/v1/volunteers/{volunteer}/outside-allowances/{x}", null),
        ("DELETE", "/v1/volunteers/{volunteer}/outside-allowances/{x}", null),
        ("GET", "/v1/volunteers/{x}/statements/2025", null),
    ];

    private static readonly string[] BadIds = ["abc", "-1", "0", "99999999999999999999", "9223372036854775807", "1.5", "0x10", "1e3", "%20"];

    private static readonly string[] ListPaths =
        ["/v1/api-keys", "/v1/organisations", "/v1/volunteers", "/v1/volunteers/{volunteer}/agreements", "/v1/placements", "/v1/payouts", "/v1/hours", "/v1/audit", "/v1/payout-runs",
        "/v1/volunteers/{volunteer}/outside-allowances"];

    /// <summary>Filters of the lists beyond paging: (path, query, the parameter the problem must name).</summary>
    private static readonly (string Path, string Query, string Field)[] BadFilters =
    [
        ("/v1/placements", "volunteerId=abc", "volunteerId"), ("/v1/placements", "organisationId=99999999999999999999", "organisationId"),
        ("/v1/placements", "volunteerId=1.5", "volunteerId"),
        ("/v1/payouts", "status=bogus", "status"), ("/v1/payouts", "status=Pending", "status"), ("/v1/payouts", "status=", "status"),
        ("/v1/payouts", "status=pending&status=paid", "status"), ("/v1/payouts", "kind=bogus", "kind"), ("/v1/payouts", "kind=1", "kind"),
        ("/v1/payouts", "from=2025-13", "from"), ("/v1/payouts", "from=2025-3", "from"), ("/v1/payouts", "from=abc", "from"),
        ("/v1/payouts", "to=2025-03-01", "to"), ("/v1/payouts", "to=", "to"), ("/v1/payouts", "volunteerId=abc", "volunteerId"),
        ("/v1/payouts", "volunteerId=1.5", "volunteerId"), ("/v1/payouts", "volunteerId=99999999999999999999", "volunteerId"),
        ("/v1/hours", "status=bogus", "status"), ("/v1/hours", "status=Submitted", "status"), ("/v1/hours", "status=approved&status=paid", "status"),
        ("/v1/hours", "from=2025-02-30", "from"), ("/v1/hours", "from=abc", "from"), ("/v1/hours", "from=2025-03", "from"),
        ("/v1/hours", "to=14-03-2025", "to"), ("/v1/hours", "to=2025-03-14T09:00:00Z", "to"), ("/v1/hours", "organisationId=abc", "organisationId"),
        ("/v1/hours", "placementId=1.5", "placementId"), ("/v1/hours", "volunteerId=99999999999999999999", "volunteerId"),
        ("/v1/payout-runs", "period=2025-13", "period"), ("/v1/payout-runs", "period=abc", "period"), ("/v1/payout-runs", "period=2025-03-01", "period"),
        ("/v1/audit", "entity=" + new string('e', 65), "entity"), ("/v1/audit", "entityId=abc", "entityId"), ("/v1/audit", "entityId=1.5", "entityId"),
        ("/v1/audit", "entityId=7", "entityId"), ("/v1/audit", "keyId=abc", "keyId"), ("/v1/audit", "keyId=99999999999999999999", "keyId"),
        ("/v1/audit", "action=payout", "action"), ("/v1/audit", "action=", "action"), ("/v1/audit", "entity=", "entity"),
        ("/v1/audit", "from=2025-03-14", "from"), ("/v1/audit", "to=2025-03-14T10:00:00+01:00", "to"),
        ("/v1/audit", "from=2025-03-14T10:00:00Z&to=2025-03-14T09:00:00Z", "to"),
        ("/v1/placements/{placement}/hours/summary", "", "month"), ("/v1/placements/{placement}/hours/summary", "month=", "month"),
        ("/v1/placements/{placement}/hours/summary", "month=2025-13", "month"), ("/v1/placements/{placement}/hours/summary", "month=2025-3", "month"),
        ("/v1/placements/{placement}/hours/summary", "month=2025-03-01", "month"), ("/v1/placements/{placement}/hours/summary", "month=maart", "month"),
    ];

    /// <summary>Query parameters no endpoint declares (a filter from another list, a misspelling, an empty value): each a 400 naming it.</summary>
    private static readonly (string Query, string Field)[] UnknownQueries =
        [("month=2026-11", "month"), ("limits=5", "limits"), ("q", "q"), ("organisation_id=1", "organisation_id")];

    /// <summary>Single resources, which take no query parameters at all.</summary>
    private static readonly string[] SinglePaths =
    [
        "/v1/organisations/{organisation}", "/v1/volunteers/{volunteer}", "/v1/volunteers/{volunteer}/agreements/{agreement}", "/v1/placements/{placement}",
        "/v1/payouts/{payout}", "/v1/payout-runs/{payoutRun}", "/v1/allowance-limits", "/v1/allowance-limits/2025", "/v1/volunteers/{volunteer}/allowance/2025",
    ];

    private const string Limits = """{"annualCents": 300000, "monthlyCents": 30000, "hourlyCents": 600, "hourlyUnder21Cents": 350}""";

    /// <summary>Years in paths: not a number or out of int range is no route (404); out of 2000..2100 a 400 naming year, or no limits (404).</summary>
    private static readonly (string Method, string Path, HttpStatusCode Status, string Code, string? Field, string? Body)[] BadYears =
    [
        ("GET", "/v1/allowance-limits/abc", HttpStatusCode.NotFound, "not_found", null, null),
        ("GET", "/v1/allowance-limits/99999", HttpStatusCode.NotFound, "not_found", null, null),
        ("GET", "/v1/allowance-limits/-1", HttpStatusCode.NotFound, "not_found", null, null),
        ("GET", "/v1/allowance-limits/99999999999", HttpStatusCode.NotFound, "not_found", null, null),
        ("GET", "/v1/allowance-limits/2025.5", HttpStatusCode.NotFound, "not_found", null, null),
        ("PUT", "/v1/allowance-limits/abc", HttpStatusCode.NotFound, "not_found", null, Limits),
        ("PUT", "/v1/allowance-limits/99999999999", HttpStatusCode.NotFound, "not_found", null, Limits),
        ("PUT", "/v1/allowance-limits/99999", HttpStatusCode.BadRequest, "validation_failed", "year", Limits),
        ("PUT", "/v1/allowance-limits/1999", HttpStatusCode.BadRequest, "validation_failed", "year", Limits),
        ("PUT", "/v1/allowance-limits/-2025", HttpStatusCode.BadRequest, "validation_failed", "year", Limits),
        ("GET", "/v1/volunteers/{volunteer}/allowance/1800", HttpStatusCode.BadRequest, "validation_failed", "year", null),
        ("GET", "/v1/volunteers/{volunteer}/allowance/99999", HttpStatusCode.BadRequest, "validation_failed", "year", null),
        ("GET", "/v1/volunteers/{volunteer}/allowance/abc", HttpStatusCode.NotFound, "not_found", null, null),
        ("GET", "/v1/volunteers/{volunteer}/allowance/99999999999", HttpStatusCode.NotFound, "not_found", null, null),
        ("GET", "/v1/volunteers/{volunteer}/allowance/2030", HttpStatusCode.UnprocessableEntity, "allowance_limits_missing", null, null),
        ("GET", "/v1/volunteers/{volunteer}/statements/1800", HttpStatusCode.BadRequest, "validation_failed", "year", null),
        ("GET", "/v1/volunteers/{volunteer}/statements/99999", HttpStatusCode.BadRequest, "validation_failed", "year", null),
        ("GET", "/v1/volunteers/{volunteer}/statements/abc", HttpStatusCode.NotFound, "not_found", null, null),
        ("GET", "/v1/volunteers/{volunteer}/statements/99999999999", HttpStatusCode.NotFound, "not_found", null, null),
        ("GET", "/v1/volunteers/{volunteer}/statements/2030", HttpStatusCode.UnprocessableEntity, "allowance_limits_missing", null, null),
    ];

    private static readonly (string Query, string Field)[] BadQueries =
    [
        ("limit=abc", "limit"), ("limit=0", "limit"), ("limit=-1", "limit"), ("limit=201", "limit"), ("limit=1.5", "limit"),
        ("limit=99999999999999999999", "limit"), ("limit=", "limit"), ("limit=1&limit=2", "limit"),
        ("cursor=garbage!", "cursor"), ("cursor=", "cursor"), ("cursor=" + Cursor("v1:-5"), "cursor"), ("cursor=" + Cursor("v2:5"), "cursor"),
        ("cursor=" + Cursor("v1:99999999999999999999"), "cursor"), ("cursor=" + new string('A', 5_000), "cursor"),
    ];

    /// <summary>Name -> (method, path template, expected status, code, field, body).</summary>
    private static readonly Dictionary<string, (string Method, string Path, HttpStatusCode Status, string Code, string? Field, string? Body)> All = Build();

    public static TheoryData<string> Cases() => new(All.Keys.Order(StringComparer.Ordinal));

    private static Dictionary<string, (string, string, HttpStatusCode, string, string?, string?)> Build()
    {
        var cases = new Dictionary<string, (string, string, HttpStatusCode, string, string?, string?)>(StringComparer.Ordinal);
        foreach (var (method, path, body) in IdRoutes)
        {
            foreach (var id in BadIds)
            {
                cases[$"{method} {path.Replace("{x}", id, StringComparison.Ordinal)}"] =
                    (method, path.Replace("{x}", id, StringComparison.Ordinal), HttpStatusCode.NotFound, "not_found", null, body);
            }
        }
        foreach (var path in ListPaths)
        {
            foreach (var (query, field) in BadQueries)
            {
                cases[$"GET {path}?{(query.Length > 60 ? query[..60] + "..." : query)}"] = ("GET", path + "?" + query, HttpStatusCode.BadRequest, "validation_failed", field, null);
            }
        }
        foreach (var path in ListPaths.Append("/v1/placements/{placement}/hours/summary?month=2025-03").Concat(SinglePaths))
        {
            var join = path.Contains('?', StringComparison.Ordinal) ? "&" : "?";
            foreach (var (query, field) in UnknownQueries)
            {
                cases[$"GET {path}{join}{query}"] = ("GET", path + join + query, HttpStatusCode.BadRequest, "validation_failed", field, null);
            }
        }
        foreach (var (path, query, field) in BadFilters)
        {
            cases[$"GET {path}?{(query.Length > 60 ? query[..60] + "..." : query)}"] = ("GET", path + "?" + query, HttpStatusCode.BadRequest, "validation_failed", field, null);
        }
        foreach (var (method, path, status, code, field, body) in BadYears)
        {
            cases[$"{method} {path}"] = (method, path, status, code, field, body);
        }
        foreach (var (method, path) in new[]
        {
            ("PUT", "/v1/api-keys"), ("PATCH", "/v1/api-keys/{agreement}"), ("DELETE", "/v1/organisations"), ("PUT", "/v1/organisations/{organisation}"),
            ("DELETE", "/v1/organisations/{organisation}"), ("POST", "/v1/organisations/{organisation}"), ("PUT", "/v1/volunteers/{volunteer}"),
            ("PATCH", "/v1/volunteers"), ("DELETE", "/v1/volunteers/{volunteer}/agreements"),
            ("PATCH", "/v1/volunteers/{volunteer}/agreements/{agreement}"), ("GET", "/v1/volunteers/{volunteer}/agreements/{agreement}/extend"),
            ("DELETE", "/v1/placements/{placement}"), ("PUT", "/v1/placements"), ("HEAD", "/v1/placements/{placement}"),
            ("DELETE", "/v1/payouts/{payout}"), ("PATCH", "/v1/payouts/{payout}"), ("GET", "/v1/payouts/{payout}/approve"), ("PUT", "/v1/payouts"),
            ("DELETE", "/v1/allowance-limits/2025"), ("POST", "/v1/allowance-limits/2025"), ("POST", "/v1/allowance-limits"),
            ("PUT", "/v1/hours"), ("GET", "/v1/hours/approve"), ("GET", "/v1/hours/{hourEntry}/reject"), ("POST", "/v1/audit"),
            ("POST", "/v1/placements/{placement}/hours/summary"), ("PUT", "/v1/payout-runs/{payoutRun}"), ("DELETE", "/v1/payout-runs"),
            ("POST", "/v1/volunteers/{volunteer}/allowance/2025"),
        })
        {
            cases[$"{method} {path}"] = (method, path, HttpStatusCode.MethodNotAllowed, "method_not_allowed", null, null);
        }
        foreach (var path in new[]
        {
            "/v1/nothing", "/v2/volunteers", "/v1", "/v1/volunteers/{volunteer}/unknown", "/v1/organisations/{organisation}/placements",
            "/v1/volunteers/{volunteer}/agreements/{agreement}/shorten", "/v1//volunteers", "/V1/VOLUNTEERS/ABC",
        })
        {
            cases[$"GET {path}"] = ("GET", path, HttpStatusCode.NotFound, "not_found", null, null);
        }
        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_request_line_is_a_4xx_problem_with_a_stable_code(string name)
    {
        var (method, path, status, code, field, body) = All[name];
        using var request = new HttpRequestMessage(new HttpMethod(method), world.Resolve(path));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            request.Headers.TryAddWithoutValidation("If-Match", "*");
        }

        using var response = await world.Admin().SendAsync(request);

        if (method == "HEAD")
        {
            Assert.Equal(status, response.StatusCode); // a HEAD answer has no body to hold the problem
            return;
        }
        var problem = await response.Problem(status, code);
        BadBodyTests.AssertFieldErrors(problem, field);
        if (field is not null)
        {
            Assert.Equal([field], problem.ErrorFields());
        }
        if (status == HttpStatusCode.MethodNotAllowed)
        {
            Assert.NotEmpty(response.Content.Headers.Allow);
        }
    }

    [Fact]
    public async Task A_405_lists_the_methods_the_path_does_accept()
    {
        using var response = await world.Admin().PutAsync(world.Resolve("/v1/volunteers/{volunteer}"), null);

        await response.Problem(HttpStatusCode.MethodNotAllowed, "method_not_allowed");
        // DELETE is the AVG's erasure (issue 10).
        Assert.Equal(["DELETE", "GET", "PATCH"], response.Content.Headers.Allow.Order(StringComparer.Ordinal));
    }

    private static string Cursor(string text) => Base64Url.EncodeToString(Encoding.ASCII.GetBytes(text));
}
