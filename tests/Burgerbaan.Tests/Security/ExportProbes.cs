namespace Burgerbaan.Tests.Security;

/// <summary>The probes of the exports and the near-limit list (issue 10). 2025 has limits; the partner reads only its own organisation's hours.</summary>
public static class ExportProbes
{
    public static Probe? For(SecurityWorld w, string endpoint) => endpoint switch
    {
        "GET /v1/hours/per-organisation" => new(HttpMethod.Get, $"/v1/hours/per-organisation?from=2025-01&to=2025-12&organisationId={w.Own.Id}"),
        "GET /v1/allowance/yearly-totals" => new(HttpMethod.Get, "/v1/allowance/yearly-totals?year=2025"),
        "GET /v1/allowance/near-limit" => new(HttpMethod.Get, "/v1/allowance/near-limit?year=2025&thresholdPercent=10"),
        _ => null,
    };
}
