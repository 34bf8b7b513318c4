using System.Net;
using System.Text.Json.Nodes;
using Burgerbaan.Tests.Infrastructure;

namespace Burgerbaan.Tests.Hours;

/// <summary>Field refusals as a client reads them: an RFC 9457 problem whose <c>errors</c> name exactly the offending fields, each with a reason.</summary>
internal static class Refusals
{
    /// <summary>
    /// Asserts the status and problem code, that <c>errors</c> holds exactly <paramref name="fields"/>, and that every one of
    /// them carries at least one non-blank message (the wording is the service's, so it is not pinned here).
    /// </summary>
    public static async Task<JsonObject> Refused(this HttpResponseMessage response, HttpStatusCode status, string code, params string[] fields)
    {
        var problem = await response.Problem(status, code);
        Assert.Equal(fields.Order(StringComparer.Ordinal), problem.ErrorFields());
        foreach (var field in fields)
        {
            var messages = problem["errors"]![field]!.AsArray();
            Assert.NotEmpty(messages);
            Assert.All(messages, m => Assert.False(string.IsNullOrWhiteSpace((string?)m), $"a blank message for {field}"));
        }
        return problem;
    }
}
