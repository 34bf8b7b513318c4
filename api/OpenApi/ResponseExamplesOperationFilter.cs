using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Burgerbaan.Api.OpenApi;

/// <summary>
/// Named response examples: an accepted payout and every refusal a client must handle. Every other problem response
/// gets the example its status really carries (a 401 shows unauthorized, not the schema's validation_failed), so that
/// Swagger UI and generated clients never suggest a code a status cannot have.
/// </summary>
internal sealed class ResponseExamplesOperationFilter : IOperationFilter
{
    private static readonly Dictionary<string, Dictionary<string, (string Summary, string Json)>> Examples = new(StringComparer.Ordinal)
    {
        ["CreatePayout:201"] = new()
        {
            ["accepted"] = ("An accepted payout, pending approval", """{"id":42,"volunteerId":7,"agreementId":3,"kind":"allowance","amountCents":8900,"period":"2025-03","status":"pending","description":"March hours","receiptReference":null,"createdAt":"2025-04-02T08:15:00Z","updatedAt":"2025-04-02T08:15:00Z","payoutRunId":null,"sponsorshipId":5,"payeeName":null,"payeeIban":null}"""),
        },
        ["CreatePayout:422"] = new()
        {
            ["monthly_cap_exceeded"] = ("Over the monthly limit", Problem("monthly_cap_exceeded", "8900 cents would exceed the monthly limit of 21000 cents for 2025-03; 6000 cents can still be paid for it.", 21000, 6000)),
            ["allowance_cap_exceeded"] = ("Over the annual cap", Problem("allowance_cap_exceeded", "15000 cents would exceed the annual cap of 180000 cents for 2025; 2500 cents left.", 180000, 2500)),
            ["hourly_rate_exceeded"] = ("More than the legal hourly maximum for the hours", Problem("hourly_rate_exceeded", "9000 cents for these hours is more than the legal hourly maximum allows (8900 cents).", 8900, 8900)),
            ["allowance_limits_missing"] = ("No limits set for the year", Problem("allowance_limits_missing", "No allowance limits are set for 2026; an admin sets them with PUT /v1/allowance-limits/2026.", null, null)),
            ["no_active_agreement"] = ("No agreement covers the month", Problem("no_active_agreement", "No allowance agreement of this volunteer covers 2025-03.", null, null)),
            ["volunteer_inactive"] = ("The volunteer is deactivated", """{"type":"urn:burgerbaan:problem:volunteer_inactive","title":"Volunteer inactive","status":422,"detail":"Volunteer 7 is deactivated; payouts are refused until a coordinator reactivates them.","code":"volunteer_inactive","traceId":"0af7651916cd43dd8448eb211c80319c"}"""),
            ["hour_entry_not_approved"] = ("An hour entry is not approved", """{"type":"urn:burgerbaan:problem:hour_entry_not_approved","title":"Hours not approved","status":422,"detail":"Only approved hour entries can be paid; a coordinator approves them first.","code":"hour_entry_not_approved","hourEntryIds":[12],"traceId":"0af7651916cd43dd8448eb211c80319c"}"""),
            ["hour_entry_already_paid"] = ("An hour entry is already paid", """{"type":"urn:burgerbaan:problem:hour_entry_already_paid","title":"Hours already paid","status":422,"detail":"An hour entry is already paid by a payout that is not cancelled or rejected.","code":"hour_entry_already_paid","hourEntryIds":[11],"traceId":"0af7651916cd43dd8448eb211c80319c"}"""),
            ["idempotency_key_reused"] = ("The Idempotency-Key was used for another request", """{"type":"urn:burgerbaan:problem:idempotency_key_reused","title":"Idempotency key reused","status":422,"detail":"This Idempotency-Key was already used with a different request; use a new key for a new request.","code":"idempotency_key_reused","traceId":"0af7651916cd43dd8448eb211c80319c"}"""),
            // Issue 8: payouts drawing on a sponsorship.
            ["sponsorship_budget_exceeded"] = ("Over the sponsorship's allowance budget", """{"type":"urn:burgerbaan:problem:sponsorship_budget_exceeded","title":"Payout refused","status":422,"detail":"10000 cents would exceed the allowance budget of sponsorship 5 (4200000 cents, 4194000 drawn); 6000 cents can still be paid from it.","code":"sponsorship_budget_exceeded","limitCents":4200000,"headroomCents":6000,"sponsorshipId":5,"traceId":"0af7651916cd43dd8448eb211c80319c"}"""),
            // Issue 10: a month that allowances declared from other organisations took past a limit.
            ["outside_allowance_over_limit"] = ("Declared outside allowances took the month past its limit", OutsideAllowances.OutsideExamples.OverLimitRefusal),
            ["sponsorship_mismatch"] = ("The named sponsorship is not the one that applies", """{"type":"urn:burgerbaan:problem:sponsorship_mismatch","title":"Sponsorship does not match","status":422,"detail":"Volunteer 7's 2025-03 is funded by sponsorship 5 (the allocation covering the month's last allocated day), not 6; send sponsorshipId 5 or leave it out.","code":"sponsorship_mismatch","sponsorshipId":5,"traceId":"0af7651916cd43dd8448eb211c80319c"}"""),
        },
        ["CreatePayoutRun:422"] = new()
        {
            ["allowance_limits_missing"] = ("No limits set for the period's year", """{"type":"urn:burgerbaan:problem:allowance_limits_missing","title":"Allowance limits missing","status":422,"detail":"No allowance limits are set for 2026, so nothing was paid or stored. Once the Belastingdienst publishes them ('Vrijwilligersvergoedingen'), an admin sets them with PUT /v1/allowance-limits/2026; then run again.","code":"allowance_limits_missing","traceId":"0af7651916cd43dd8448eb211c80319c"}"""),
            ["idempotency_key_reused"] = ("The Idempotency-Key was used for another request", Plain(422, "idempotency_key_reused", "Idempotency key reused", "This Idempotency-Key was already used with a different request; use a new key for a new request.")),
        },
        ["CreatePayoutRun:409"] = new()
        {
            ["payout_run_in_progress"] = ("A run of the period is being processed", """{"type":"urn:burgerbaan:problem:payout_run_in_progress","title":"Payout run in progress","status":409,"detail":"A payout run for 2025-03 is being processed right now; retry after it completes (a later POST continues a stopped run).","code":"payout_run_in_progress","traceId":"0af7651916cd43dd8448eb211c80319c"}"""),
            ["conflict"] = ("The same Idempotency-Key is still being processed", Plain(409, "conflict", "Conflict", "A request with this Idempotency-Key is still being processed; retry after it completes.")),
        },
        ["PutAllowanceLimits:409"] = new()
        {
            ["statutory_limits_fixed"] = ("A seeded statutory year", """{"type":"urn:burgerbaan:problem:statutory_limits_fixed","title":"Statutory limits are fixed","status":409,"detail":"The limits for 2025 are the Belastingdienst's published figures and cannot be changed.","code":"statutory_limits_fixed","traceId":"0af7651916cd43dd8448eb211c80319c"}"""),
            ["conflict"] = ("A decrease once payouts count", """{"type":"urn:burgerbaan:problem:conflict","title":"Conflict","status":409,"detail":"Payouts already count in 2026, so its limits may only go up; this change lowers them and would push 1 volunteer(s) over.","code":"conflict","volunteerIds":[7],"traceId":"0af7651916cd43dd8448eb211c80319c"}"""),
        },
        ["CreatePayout:400"] = new()
        {
            ["validation_failed"] = ("An expense without its receipt", """{"type":"urn:burgerbaan:problem:validation_failed","title":"Validation failed","status":400,"detail":"One or more fields are invalid; see errors.","code":"validation_failed","errors":{"receiptReference":["An expense needs the receipt's reference."]},"traceId":"0af7651916cd43dd8448eb211c80319c"}"""),
        },
        ["CreateVolunteer:409"] = new()
        {
            ["possible_duplicate"] = ("The same person may be registered already", """{"type":"urn:burgerbaan:problem:possible_duplicate","title":"Possible duplicate","status":409,"detail":"This volunteer has the same name and date of birth as active volunteer 7 and the same IBAN as volunteer 9. If they are different people, send confirmDistinctFrom: [7, 9].","code":"possible_duplicate","existingIds":[7,9],"matchedOn":{"nameAndDateOfBirth":[7],"iban":[9]},"traceId":"0af7651916cd43dd8448eb211c80319c"}"""),
        },
        ["UpdateVolunteer:409"] = new()
        {
            ["possible_duplicate"] = ("The change makes this volunteer look like another", """{"type":"urn:burgerbaan:problem:possible_duplicate","title":"Possible duplicate","status":409,"detail":"This volunteer has the same name and date of birth as active volunteer 7 and the same IBAN as volunteer 9. If they are different people, send confirmDistinctFrom: [7, 9].","code":"possible_duplicate","existingIds":[7,9],"matchedOn":{"nameAndDateOfBirth":[7],"iban":[9]},"traceId":"0af7651916cd43dd8448eb211c80319c"}"""),
            ["date_of_birth_locked"] = ("Paid hours would get another hourly maximum", """{"type":"urn:burgerbaan:problem:date_of_birth_locked","title":"Date of birth locked","status":409,"detail":"The new date of birth changes the legal hourly maximum of hours already paid by payout 42; cancel (or reject) the payout first.","code":"date_of_birth_locked","payoutIds":[42],"traceId":"0af7651916cd43dd8448eb211c80319c"}"""),
            ["volunteer_pseudonymised"] = ("The volunteer was pseudonymised (issue 10)", Privacy.PrivacyExamples.PseudonymisedPatch),
        },
        ["CreateOrganisation:409"] = new()
        {
            ["possible_duplicate"] = ("The KvK number is registered already", """{"type":"urn:burgerbaan:problem:possible_duplicate","title":"Possible duplicate","status":409,"detail":"Organisation 3 already has KvK number 40530512.","code":"possible_duplicate","existingIds":[3],"matchedOn":{"kvkNumber":[3]},"traceId":"0af7651916cd43dd8448eb211c80319c"}"""),
        },
        ["UpdateOrganisation:409"] = new()
        {
            ["possible_duplicate"] = ("The KvK number is registered already", """{"type":"urn:burgerbaan:problem:possible_duplicate","title":"Possible duplicate","status":409,"detail":"Organisation 3 already has KvK number 40530512.","code":"possible_duplicate","existingIds":[3],"matchedOn":{"kvkNumber":[3]},"traceId":"0af7651916cd43dd8448eb211c80319c"}"""),
        },
        ["SubmitHours:400"] = new()
        {
            ["validation_failed"] = ("Every failing entry by its index", """{"type":"urn:burgerbaan:problem:validation_failed","title":"Validation failed","status":400,"detail":"One or more fields are invalid; see errors.","code":"validation_failed","errors":{"entries[3].date":["Hours cannot be reported for a day after today."],"entries[7].minutes":["minutes must be 1 to 1440."]},"traceId":"0af7651916cd43dd8448eb211c80319c"}"""),
        },
        ["SubmitHours:409"] = new()
        {
            ["hour_entry_locked"] = ("Approved, rejected or paid entries cannot change", """{"type":"urn:burgerbaan:problem:hour_entry_locked","title":"Hour entries locked","status":409,"detail":"These entries are approved, rejected or paid and can no longer change; nothing was written.","code":"hour_entry_locked","externalIds":["HUM-2025-0311-17"],"traceId":"0af7651916cd43dd8448eb211c80319c"}"""),
            ["conflict"] = ("The same Idempotency-Key is still being processed", Plain(409, "conflict", "Conflict", "A request with this Idempotency-Key is still being processed; retry after it completes.")),
        },
        ["SubmitHours:422"] = new()
        {
            ["idempotency_key_reused"] = ("The Idempotency-Key was used for another request", Plain(422, "idempotency_key_reused", "Idempotency key reused", "This Idempotency-Key was already used with a different request; use a new key for a new request.")),
        },
        ["GetAllowanceHeadroom:422"] = new()
        {
            ["allowance_limits_missing"] = ("No limits set for the year", Plain(422, "allowance_limits_missing", "Allowance limits missing", "No allowance limits are set for 2026; an admin sets them with PUT /v1/allowance-limits/2026.")),
        },
        ["GetMyAllowance:422"] = new()
        {
            ["allowance_limits_missing"] = ("No limits set for the year", Plain(422, "allowance_limits_missing", "Allowance limits missing", "No allowance limits are set for 2026; an admin sets them with PUT /v1/allowance-limits/2026.")),
        },
        ["GetMyAllowance:200"] = new()
        {
            ["near_limits"] = ("Close to the year's cap and to this month's limit", """{"volunteerId":7,"year":2025,"legalAnnualLimitCents":210000,"effectiveAnnualCapCents":210000,"countedCents":195000,"headroomCents":15000,"months":[{"period":"2025-03","limitCents":21000,"countedCents":20000,"headroomCents":1000}],"warnings":[{"code":"near_annual_limit","period":null,"limitCents":210000,"headroomCents":15000,"message":"Less than 10% of the 2025 cap is left: 15000 of 210000 cents."},{"code":"near_monthly_limit","period":"2025-03","limitCents":21000,"headroomCents":1000,"message":"Less than 10% of the limit for 2025-03 is left: 1000 of 21000 cents."}]}"""),
        },
        ["ListAuditEntries:200"] = new()
        {
            ["extended"] = ("An agreement extended by the finance desk", """{"items":[{"id":311,"at":"2025-03-14T09:30:00Z","apiKeyId":4,"apiKeyName":"Finance desk","role":"finance","action":"agreement.extended","entity":"agreement","entityId":17,"summary":{"before":{"endDate":"2025-12-31"},"after":{"endDate":"2026-12-31"}}}],"nextCursor":null}"""),
        },
        ["ListAuditEntries:400"] = new()
        {
            ["validation_failed"] = ("A malformed instant and a range that ends before it starts", """{"type":"urn:burgerbaan:problem:validation_failed","title":"Validation failed","status":400,"detail":"One or more fields are invalid; see errors.","code":"validation_failed","errors":{"from":["from must be an instant in ISO-8601 UTC, e.g. 2025-03-14T09:30:00Z."],"to":["to must lie after from (from is inclusive, to exclusive)."]},"traceId":"0af7651916cd43dd8448eb211c80319c"}"""),
        },
    };

    /// <summary>The example of a problem status no operation names its own examples for; 422 has none, its codes are per operation.</summary>
    private static readonly Dictionary<string, (string Code, string Json)> ByStatus = new(StringComparer.Ordinal)
    {
        ["400"] = ("validation_failed", """{"type":"urn:burgerbaan:problem:validation_failed","title":"Validation failed","status":400,"detail":"One or more fields are invalid; see errors.","code":"validation_failed","errors":{"limit":["limit must be between 1 and 200."]},"traceId":"0af7651916cd43dd8448eb211c80319c"}"""),
        ["401"] = ("unauthorized", Plain(401, "unauthorized", "Unauthorized", "Send a valid API key as 'Authorization: Bearer <key>'.")),
        ["403"] = ("forbidden", Plain(403, "forbidden", "Forbidden", "This key's role may not do this.")),
        ["404"] = ("not_found", Plain(404, "not_found", "Not found", "No volunteer with that id is visible to this key.")),
        ["409"] = ("conflict", Plain(409, "conflict", "Conflict", "A request with this Idempotency-Key is still being processed; retry after it completes.")),
        ["412"] = ("precondition_failed", Plain(412, "precondition_failed", "Precondition failed", "The resource changed since you read it; read it again and reapply your change.")),
        ["413"] = ("payload_too_large", Plain(413, "payload_too_large", "Payload too large", "The request body is larger than this service accepts.")),
        ["415"] = ("unsupported_media_type", Plain(415, "unsupported_media_type", "Unsupported media type", "Send the body as application/json.")),
        ["428"] = ("precondition_required", Plain(428, "precondition_required", "Precondition required", "Send If-Match with the ETag from your last read of this resource.")),
        ["429"] = ("rate_limited", Plain(429, "rate_limited", "Too many requests", "This key may make 600 requests a minute to the hours endpoints; retry after the Retry-After seconds.")),
        ["500"] = ("internal_error", Plain(500, "internal_error", "Internal error", "The request could not be completed. Quote the traceId when reporting this.")),
    };

    private static string Plain(int status, string code, string title, string detail) => new JsonObject
    {
        ["type"] = "urn:burgerbaan:problem:" + code,
        ["title"] = title,
        ["status"] = status,
        ["detail"] = detail,
        ["code"] = code,
        ["traceId"] = "0af7651916cd43dd8448eb211c80319c",
    }.ToJsonString();

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
        node["traceId"] = "0af7651916cd43dd8448eb211c80319c";
        return node.ToJsonString();
    }

    private const string ProblemMediaType = "application/problem+json";

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
            ["traceId"] = "0af7651916cd43dd8448eb211c80319c",
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
            if (response.Content is null)
            {
                continue;
            }
            if (!Examples.TryGetValue($"{id}:{status}", out var examples) && !Sponsors.SponsorExamples.ByOperation.TryGetValue($"{id}:{status}", out examples)
                && !Payouts.PayoutExamples.ByOperation.TryGetValue($"{id}:{status}", out examples)
                && !OutsideAllowances.OutsideExamples.ByOperation.TryGetValue($"{id}:{status}", out examples)
                && !Privacy.PrivacyExamples.ByOperation.TryGetValue($"{id}:{status}", out examples)
                && status == "400")
            {
                // Every operation can answer an unknown query parameter; its example names what this operation takes.
                examples = new() { ["validation_failed"] = ("A query parameter the operation does not take", UnknownQueryParameter(context)) };
            }
            if (examples is null)
            {
                if (response.Content.TryGetValue(ProblemMediaType, out var problem) && problem is OpenApiMediaType concrete
                    && ByStatus.TryGetValue(status, out var fallback))
                {
                    // One shared example per code under components/examples, referenced from every response.
                    var components = context.Document.Components ??= new OpenApiComponents();
                    components.Examples ??= new Dictionary<string, IOpenApiExample>();
                    components.Examples.TryAdd(fallback.Code, new OpenApiExample { Summary = fallback.Code, Value = JsonNode.Parse(fallback.Json) });
                    concrete.Examples = new Dictionary<string, IOpenApiExample> { [fallback.Code] = new OpenApiExampleReference(fallback.Code, context.Document) };
                }
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
