using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Burgerbaan.Api.OpenApi;

/// <summary>Document-level parts: the relative server and a description for every tag.</summary>
internal sealed class DocumentConventionsFilter : IDocumentFilter
{
    private static readonly Dictionary<string, string> TagDescriptions = new(StringComparer.Ordinal)
    {
        ["API keys"] = "Keys and their roles (admin only). Keys are stored as hashes and shown once.",
        ["Organisations"] = "Non-profits and care practices where volunteers are placed.",
        ["Volunteers"] = "Volunteers (burgerbaners) and their personal data; no BSN.",
        ["Agreements"] = "Allowance agreements with the cooperative; the money follows these.",
        ["Placements"] = "A volunteer at an organisation for a period.",
        ["Allowance"] = "The legal volunteer-allowance limits per year and each volunteer's headroom.",
        ["Payouts"] = "Allowance payouts per calendar month, refused before any limit is crossed.",
        ["Hours"] = "Hours pushed by partner organisations, their approval, and what they add up to.",
        ["Audit"] = "The append-only record of who created or changed what: agreements, placements, hour decisions, API keys, payouts and limits.",
        ["Self-service"] = "A volunteer's own view (/v1/me, volunteer keys only): profile, agreements, placements, hours, payouts, allowance headroom with warnings, sponsor consents.",
        // Sponsors and SROI (issue 8)
        ["Sponsors"] = "Companies, care organisations, municipalities and funds that sponsor places, and their SROI obligations from tenders.",
        ["Sponsorships"] = "Places a sponsor funds for a period, and the places given to volunteers with their consent.",
        // Issue 9: the website. Operations marked (public) need no key.
        ["Applications"] = "Intake from the website (public, anonymous POST) and the coordinators' call-back queue and decisions.",
        ["Q&A"] = "The website's questions and answers: published entries are public; coordinators write.",
        ["Opportunities"] = "The social map: openings at organisations. Published ones are public; partners manage their own organisation's.",
        ["Figures"] = "Public figures: places against the target, organisations, sponsors, hours. Counts only.",
        ["SROI reports"] = "What sponsors' places credited toward their SROI obligations, as JSON or CSV; places are pseudonyms.",
        // Issue 10: the treasurer's month.
        ["Payment batches"] = "Approved payouts paid as one SEPA credit transfer file (pain.001.001.03), one transfer per volunteer; marked paid or voided as a whole.",
        // Issue 10
        ["Outside allowances"] = "Allowances volunteers receive from organisations outside the scheme: they count toward the same limits.",
    };

    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        // x-internal and the environment in the description: the OWASP ruleset's inventory rules (API9), .ci/spectral.yaml.
        swaggerDoc.Servers =
        [
            new OpenApiServer
            {
                Url = "/",
                Description = "This service, in production as in a local run (paths start with /v1).",
                Extensions = new Dictionary<string, IOpenApiExtension>(StringComparer.Ordinal) { ["x-internal"] = new JsonNodeExtension(System.Text.Json.Nodes.JsonValue.Create(false)) },
            },
        ];
        var used = swaggerDoc.Paths.Values
            .SelectMany(p => p.Operations?.Values.AsEnumerable() ?? [])
            .SelectMany(o => o.Tags ?? new HashSet<OpenApiTagReference>())
            .Select(t => t.Name)
            .Where(n => n is not null)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
        swaggerDoc.Tags = new HashSet<OpenApiTag>(used.Select(name => new OpenApiTag
        {
            Name = name,
            Description = TagDescriptions.TryGetValue(name!, out var d) ? d : throw new InvalidOperationException($"Tag '{name}' needs a description in {nameof(DocumentConventionsFilter)}."),
        }));
    }
}
