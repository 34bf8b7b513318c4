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
    ];

    private static readonly string[] BadIds = ["abc", "-1", "0", "99999999999999999999", "9223372036854775807", "1.5", "0x10", "1e3", "%20"];

    private static readonly string[] ListPaths =
        ["/v1/api-keys", "/v1/organisations", "/v1/volunteers", "/v1/volunteers/{volunteer}/agreements", "/v1/placements"];

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
        foreach (var (query, field) in new[] { ("volunteerId=abc", "volunteerId"), ("organisationId=99999999999999999999", "organisationId"), ("volunteerId=1.5", "volunteerId") })
        {
            cases[$"GET /v1/placements?{query}"] = ("GET", "/v1/placements?" + query, HttpStatusCode.BadRequest, "validation_failed", field, null);
        }
        foreach (var (method, path) in new[]
        {
            ("PUT", "/v1/api-keys"), ("PATCH", "/v1/api-keys/{agreement}"), ("DELETE", "/v1/organisations"), ("PUT", "/v1/organisations/{organisation}"),
            ("DELETE", "/v1/organisations/{organisation}"), ("POST", "/v1/organisations/{organisation}"), ("PUT", "/v1/volunteers/{volunteer}"),
            ("DELETE", "/v1/volunteers/{volunteer}"), ("PATCH", "/v1/volunteers"), ("DELETE", "/v1/volunteers/{volunteer}/agreements"),
            ("PATCH", "/v1/volunteers/{volunteer}/agreements/{agreement}"), ("GET", "/v1/volunteers/{volunteer}/agreements/{agreement}/extend"),
            ("DELETE", "/v1/placements/{placement}"), ("PUT", "/v1/placements"), ("HEAD", "/v1/placements/{placement}"),
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
        Assert.Equal(["GET", "PATCH"], response.Content.Headers.Allow.Order(StringComparer.Ordinal));
    }

    private static string Cursor(string text) => Base64Url.EncodeToString(Encoding.ASCII.GetBytes(text));
}
