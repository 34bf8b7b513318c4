using Burgerbaan.Contracts;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Burgerbaan.Api.OpenApi;

/// <summary>
/// Limits that the handlers check themselves (so that one problem can name every failing entry by its
/// index) rather than through DataAnnotations, shown in the document all the same.
/// </summary>
internal sealed class ConstraintsSchemaFilter : ISchemaFilter
{
    /// <summary>A payout's month, 2000-01 to 2100-12.</summary>
    public const string PeriodPattern = "^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])$";

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema concrete || concrete.Properties is null)
        {
            return;
        }
        if (context.Type == typeof(HourEntryInput))
        {
            Set(concrete, "externalId", s => { s.MinLength = 1; s.MaxLength = 100; });
            Set(concrete, "minutes", s => { s.Minimum = "1"; s.Maximum = "1440"; });
            Set(concrete, "description", s => s.MaxLength = 500);
        }
        else if (context.Type == typeof(SubmitHoursRequest))
        {
            Set(concrete, "entries", s => { s.MinItems = 1; s.MaxItems = 1000; });
        }
        else if (context.Type == typeof(ApproveHoursRequest))
        {
            Set(concrete, "ids", s => { s.MinItems = 1; s.MaxItems = 1000; });
        }
        else if (context.Type == typeof(CreateVolunteerRequest) || context.Type == typeof(UpdateVolunteerRequest)
            || context.Type == typeof(AcceptApplicationRequest))
        {
            Set(concrete, "confirmDistinctFrom", s => s.MaxItems = 20);
        }
        else if (context.Type == typeof(CreatePayoutRequest))
        {
            Set(concrete, "hourEntryIds", s => { s.MinItems = 1; s.MaxItems = 1000; });
            Set(concrete, "period", s => s.Pattern = PeriodPattern);
        }
        else if (context.Type == typeof(CreateOpportunityRequest) || context.Type == typeof(UpdateOpportunityRequest))
        {
            TagItems(concrete, "tags");
        }
        else if (context.Type == typeof(CreateApplicationRequest) || context.Type == typeof(PutVolunteerWishesRequest))
        {
            TagItems(concrete, "interests");
        }
        else if (context.Type == typeof(BulkPayoutActionRequest))
        {
            // The handlers take 1 to 1,000 ids (a 400 naming the field otherwise).
            Set(concrete, "ids", s => { s.MinItems = 1; s.MaxItems = 1000; });
        }
        else if (context.Type == typeof(CreatePaymentBatchRequest))
        {
            Set(concrete, "payoutIds", s => { s.MinItems = 1; s.MaxItems = 1000; });
        }
        else if (context.Type == typeof(CreatePayoutRunRequest))
        {
            Set(concrete, "period", s => s.Pattern = PeriodPattern);
        }
    }

    /// <summary>Tags and interests: each is trimmed, then 1 to Tags.MaxLength characters (Website/Tags.cs).</summary>
    private static void TagItems(OpenApiSchema schema, string property) =>
        Set(schema, property, s => { if (s.Items is OpenApiSchema item) { item.MaxLength = Website.Tags.MaxLength; } });

    private static void Set(OpenApiSchema schema, string property, Action<OpenApiSchema> change)
    {
        if (schema.Properties!.TryGetValue(property, out var p) && p is OpenApiSchema concrete)
        {
            change(concrete);
        }
    }
}
