using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Burgerbaan.Api.Common;

/// <summary>
/// The framework's problem writer writes nothing when Accept names no JSON type, so a refused <c>Accept: text/csv</c> request (a bad
/// filter on a CSV export) got its status with an empty body. Every refusal of this service is a problem document (RFC 9457 allows it
/// whatever was asked for), so this writer, registered after the framework's, writes the ones the framework declines.
/// </summary>
internal sealed class ProblemForAnyAccept(IOptions<ProblemDetailsOptions> options, IOptions<JsonOptions> json) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        options.Value.CustomizeProblemDetails?.Invoke(context);
        var problem = context.ProblemDetails;
        var serializer = json.Value.SerializerOptions;
        return new ValueTask(context.HttpContext.Response.WriteAsJsonAsync(problem, serializer.GetTypeInfo(problem.GetType()), "application/problem+json",
            context.HttpContext.RequestAborted));
    }
}
