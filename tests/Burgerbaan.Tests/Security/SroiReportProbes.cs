namespace Burgerbaan.Tests.Security;

/// <summary>
/// The probes of the SROI report rows (issue 8): the seeded sponsor and obligation of <see cref="SecurityWorld"/>, which the
/// "sponsor" key owns and the "other" sponsor key does not.
/// </summary>
public static class SroiReportProbes
{
    public static Probe? For(SecurityWorld w, string endpoint) => endpoint switch
    {
        "GET /v1/sponsors/{id}/sroi-report" => new(HttpMethod.Get, $"/v1/sponsors/{w.Sponsor.Id}/sroi-report"),
        "GET /v1/sponsors/{id}/obligations/{obligationId}/sroi-report" =>
            new(HttpMethod.Get, $"/v1/sponsors/{w.Sponsor.Id}/obligations/{w.Obligation.Id}/sroi-report"),
        _ => null,
    };
}
