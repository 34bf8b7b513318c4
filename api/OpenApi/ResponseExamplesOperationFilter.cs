using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Burgerbaan.Api.OpenApi;

/// <summary>Named response examples: an accepted payout and every refusal a client must handle.</summary>
internal sealed class ResponseExamplesOperationFilter : IOperationFilter
{
    private static readonly Dictionary<string, Dictionary<string, (string Summary, string Json)>> Examples = new(StringComparer.Ordinal)
    {
        ["CreatePayout:201"] = new()
        {
            ["accepted"] = ("An accepted payout, pending approval", """{"id":42,"volunteerId":7,"agreementId":3,"kind":"allowance","amountCents":8900,"period":"2025-03","status":"pending","description":"March hours","receiptReference":null,"createdAt":"2025-04-02T08:15:00Z","updatedAt":"2025-04-02T08:15:00Z"}"""),
        },
        ["CreatePayout:422"] = new()
        {
            ["monthly_cap_exceeded"] = ("Over the monthly limit", Problem("monthly_cap_exceeded", "8900 cents would exceed the monthly limit of 21000 cents for 2025-03; 6000 cents can still be paid for it.", 21000, 6000)),
            ["allowance_cap_exceeded"] = ("Over the annual cap", Problem("allowance_cap_exceeded", "15000 cents would exceed the annual cap of 180000 cents for 2025; 2500 cents left.", 180000, 2500)),
            ["hourly_rate_exceeded"] = ("More than the legal hourly maximum for the hours", Problem("hourly_rate_exceeded", "9000 cents for these hours is more than the legal hourly maximum allows (8900 cents).", 8900, 8900)),
            ["allowance_limits_missing"] = ("No limits set for the year", Problem("allowance_limits_missing", "No allowance limits are set for 2026; an admin sets them with PUT /v1/allowance-limits/2026.", null, null)),
            ["no_active_agreement"] = ("No agreement covers the month", Problem("no_active_agreement", "No allowance agreement of this volunteer covers 2025-03.", null, null)),
            ["hour_entry_already_paid"] = ("An hour entry is already paid", """{"type":"urn:burgerbaan:problem:hour_entry_already_paid","title":"Hours already paid","status":422,"detail":"An hour entry is already paid by a payout that is not cancelled or rejected.","code":"hour_entry_already_paid","hourEntryIds":[11],"traceId":"0HNQ9IJTPBTI4:00000001"}"""),
            ["idempotency_key_reused"] = ("The Idempotency-Key was used for another request", """{"type":"urn:burgerbaan:problem:idempotency_key_reused","title":"Idempotency key reused","status":422,"detail":"This Idempotency-Key was already used with a different request; use a new key for a new request.","code":"idempotency_key_reused","traceId":"0HNQ9IJTPBTI4:00000001"}"""),
        },
        ["CreatePayout:400"] = new()
        {
            ["validation_failed"] = ("An expense without its receipt", """{"type":"urn:burgerbaan:problem:validation_failed","title":"Validation failed","status":400,"detail":"One or more fields are invalid; see errors.","code":"validation_failed","errors":{"receiptReference":["An expense needs the receipt's reference."]},"traceId":"0HNQ9IJTPBTI4:00000001"}"""),
        },
        ["SubmitHours:400"] = new()
        {
            ["validation_failed"] = ("Every failing entry by its index", """{"type":"urn:burgerbaan:problem:validation_failed","title":"Validation failed","status":400,"detail":"One or more fields are invalid; see errors.","code":"validation_failed","errors":{"entries[3].date":["Hours cannot be reported for a day after today."],"entries[7].minutes":["minutes must be 1 to 1440."]},"traceId":"0HNQ9IJTPBTI4:00000001"}"""),
        },
        ["SubmitHours:409"] = new()
        {
            ["hour_entry_locked"] = ("Approved, rejected or paid entries cannot change", """{"type":"urn:burgerbaan:problem:hour_entry_locked","title":"Hour entries locked","status":409,"detail":"These entries are approved, rejected or paid and can no longer change; nothing was written.","code":"hour_entry_locked","externalIds":["HUM-2025-0311-17"],"traceId":"0HNQ9IJTPBTI4:00000001"}"""),
        },
    };

    private static string Problem(string code, string detail, long? limit, long? headroom)
    {
        var node = new JsonObject
        {
            ["type"] = "urn:burgerbaan:problem:" + code,
            ["title"] = "Payout refused",
            ["status"] = 422,
            ["detail"] = detail,
            ["code"] = code,
        };
        if (limit is not null)
        {
            node["limitCents"] = limit;
            node["headroomCents"] = headroom;
        }
        node["traceId"] = "0HNQ9IJTPBTI4:00000001";
        return node.ToJsonString();
    }

    /// <summary>Every operation can answer this (UnknownQueryParameters), naming the parameters it does take.</summary>
    private static string UnknownQueryParameter(OperationFilterContext context)
    {
        var allowed = context.ApiDescription.ParameterDescriptions
            .Where(p => p.Source == Microsoft.AspNetCore.Mvc.ModelBinding.BindingSource.Query).Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
        var message = "Unknown query parameter; allowed: " + (allowed.Count == 0 ? "none." : string.Join(", ", allowed) + ".");
        return new JsonObject
        {
            ["type"] = "urn:burgerbaan:problem:validation_failed",
            ["title"] = "Validation failed",
            ["status"] = 400,
            ["detail"] = "One or more fields are invalid; see errors.",
            ["code"] = "validation_failed",
            ["errors"] = new JsonObject { ["sort"] = new JsonArray(message) },
            ["traceId"] = "0HNQ9IJTPBTI4:00000001",
        }.ToJsonString();
    }

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (operation.OperationId is not { } id || operation.Responses is null)
        {
            return;
        }
        foreach (var (status, response) in operation.Responses)
        {
            if (!Examples.TryGetValue($"{id}:{status}", out var examples))
            {
                if (status != "400")
                {
                    continue;
                }
                examples = new() { ["validation_failed"] = ("A query parameter the operation does not take", UnknownQueryParameter(context)) };
            }
            if (response.Content is null)
            {
                continue;
            }
            foreach (var media in response.Content.Values.OfType<OpenApiMediaType>())
            {
                media.Examples = examples.ToDictionary(
                    e => e.Key,
                    e => (IOpenApiExample)new OpenApiExample { Summary = e.Value.Summary, Value = JsonNode.Parse(e.Value.Json) });
            }
        }
    }
}
