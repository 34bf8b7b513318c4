using Burgerbaan.Tests.Infrastructure;

namespace Burgerbaan.Tests.Website;

/// <summary>The service with the website configured: one allowed origin, a privacy statement version, a target of 20.</summary>
public class WebsiteFactory : BurgerbaanApiFactory
{
    public const string Origin = "https://www.almeerseburgerbaan.nl";
    public const string PrivacyVersion = "2025-02";

    /// <summary>The requests a minute one client may make; the default keeps a test's many requests far from it.</summary>
    protected virtual int PublicPerMinute => 100_000;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Website:AllowedOrigins:0"] = Origin,
        ["Website:PlacesTarget"] = "20",
        ["Applications:PrivacyStatementVersion"] = PrivacyVersion,
        ["RateLimiting:PublicPerMinute"] = PublicPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>Five requests a minute per client, to see the limit bite.</summary>
public sealed class ThrottledWebsiteFactory : WebsiteFactory
{
    public const int Limit = 5;

    protected override int PublicPerMinute => Limit;
}
