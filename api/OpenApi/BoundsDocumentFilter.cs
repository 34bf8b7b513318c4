using System.Globalization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Burgerbaan.Api.OpenApi;

/// <summary>
/// Bounds the server already enforces, declared where the generators left them out, so that the OWASP lint
/// (.ci/spectral.yaml) and clients see them: an integer without a tighter range is bounded by its format (the JSON
/// reader refuses a number outside it with a 400; JavaScript clients learn that int64 ids exceed 2^53), dates and
/// instants by the length of their one accepted shape, months and KvK numbers by their pattern, the paging cursor by
/// what Paging.Encode can make (30 characters; 64 leaves room for a later format). Anonymous operations say
/// so with an empty security requirement (<c>security: [{}]</c>) instead of none at all.
/// </summary>
internal sealed class BoundsDocumentFilter : IDocumentFilter
{
    /// <summary>NodaTime's extended ISO instant, <c>uuuu-MM-ddTHH:mm:ss.fffffffffZ</c>, is at most this long.</summary>
    private const int InstantMaxLength = 30;

    private static readonly Dictionary<string, int> PatternLengths = new(StringComparer.Ordinal)
    {
        [ConstraintsSchemaFilter.PeriodPattern] = 7,
        ["^[0-9]{4}-(0[1-9]|1[0-2])$"] = 7,
        ["^[0-9]{8}$"] = 8,
        ["^([0-9]{8})?$"] = 8,
    };

    /// <summary>Query parameters whose handlers check a length or range themselves (Checks), shown in the document too.</summary>
    private static readonly Dictionary<(string Operation, string Name), Action<OpenApiSchema>> Checked = new()
    {
        [("ListOpportunities", "tag")] = s => s.MaxLength = Website.Tags.MaxLength,
        [("ListOpportunities", "neighbourhood")] = s => s.MaxLength = 100,
        [("ListOpportunities", "q")] = s => s.MaxLength = 100,
        [("ListOpportunities", "hoursPerWeek")] = s => { s.Minimum = "1"; s.Maximum = "40"; },
        [("ListFaq", "category")] = s => s.MaxLength = 100,
        // Parsed as instants: nothing longer than an instant parses.
        [("ListAuditEntries", "from")] = s => s.MaxLength = InstantMaxLength,
        [("ListAuditEntries", "to")] = s => s.MaxLength = InstantMaxLength,
    };

    /// <summary>The operations that honour Idempotency-Key (IdempotentPost): a parameter, so generated clients can send it.</summary>
    private static readonly HashSet<string> Idempotent = new(StringComparer.Ordinal) { "SubmitHours", "CreatePayout", "CreatePayoutRun", "ApprovePayouts", "CancelPayouts", "RejectPayouts", "CreatePaymentBatch", "CreateOutsideAllowance" };

    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        foreach (var schema in swaggerDoc.Components?.Schemas?.Values ?? [])
        {
            Bound(schema);
        }
        foreach (var operation in swaggerDoc.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []))
        {
            if (Idempotent.Contains(operation.OperationId ?? ""))
            {
                (operation.Parameters ??= []).Add(new OpenApiParameter
                {
                    Name = Idempotency.IdempotentPost.Header,
                    In = ParameterLocation.Header,
                    Description = "Optional: makes a retry safe. The same key with the same body answers the stored response again " +
                        "(Idempotent-Replayed: true); with another body it is a 422 idempotency_key_reused. 1 to 200 visible ASCII characters.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = 200, Pattern = "^[!-~]+$" },
                });
            }
            foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>())
            {
                if (parameter.Schema is OpenApiSchema checkedSchema && Checked.TryGetValue((operation.OperationId ?? "", parameter.Name ?? ""), out var check))
                {
                    check(checkedSchema);
                }
                Bound(parameter.Schema);
                if (parameter is { In: ParameterLocation.Query, Name: "cursor", Schema: OpenApiSchema cursor })
                {
                    cursor.MaxLength ??= 64;
                }
            }
            foreach (var media in operation.RequestBody?.Content?.Values.AsEnumerable() ?? [])
            {
                Bound(media.Schema);
            }
            foreach (var response in operation.Responses?.Values.AsEnumerable() ?? [])
            {
                foreach (var media in response.Content?.Values.AsEnumerable() ?? [])
                {
                    Bound(media.Schema);
                }
            }
            if (operation.Security is null or { Count: 0 })
            {
                operation.Security = [new OpenApiSecurityRequirement()];
            }
        }
    }

    /// <summary>Walks a schema and the schemas inside it; references are bounded where they are defined.</summary>
    private static void Bound(IOpenApiSchema? schema)
    {
        if (schema is not OpenApiSchema s)
        {
            return;
        }
        var type = s.Type ?? 0;
        if (type.HasFlag(JsonSchemaType.Integer) && (s.Format is "int32" or "int64"))
        {
            var int32 = s.Format == "int32";
            s.Minimum ??= (int32 ? int.MinValue : long.MinValue).ToString(CultureInfo.InvariantCulture);
            s.Maximum ??= (int32 ? int.MaxValue : long.MaxValue).ToString(CultureInfo.InvariantCulture);
        }
        if (type.HasFlag(JsonSchemaType.String) && s.MaxLength is null && s.Enum is not { Count: > 0 })
        {
            s.MaxLength = s.Format switch
            {
                "date" => 10,
                "date-time" => InstantMaxLength,
                _ when s.Pattern is not null && PatternLengths.TryGetValue(s.Pattern, out var length) => length,
                _ => null,
            };
        }
        Bound(s.Items);
        Bound(s.AdditionalProperties);
        foreach (var inner in (s.Properties?.Values.AsEnumerable() ?? []).Concat(s.AllOf ?? []).Concat(s.AnyOf ?? []).Concat(s.OneOf ?? []))
        {
            Bound(inner);
        }
    }
}
