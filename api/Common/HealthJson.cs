using System.Text.Json;
using Burgerbaan.Api.Allowance;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Burgerbaan.Api.Common;

/// <summary>The readiness answer as JSON: overall status, each check, and the years without allowance limits.</summary>
internal static class HealthJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static Task Write(HttpContext http, HealthReport report)
    {
        var missing = report.Entries.Values
            .SelectMany(e => e.Data.TryGetValue(MissingLimits.HealthDataKey, out var years) && years is IEnumerable<int> list ? list : [])
            .Distinct()
            .Order()
            .ToList();
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
            missingAllowanceLimits = missing,
        };
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync(JsonSerializer.Serialize(body, Options));
    }
}
