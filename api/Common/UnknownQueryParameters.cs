using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Burgerbaan.Api.Common;

/// <summary>
/// A query parameter the endpoint does not declare is a 400, not silently ignored (<c>/v1/hours?month=2026-11</c>
/// would otherwise answer every month). The declared parameters are those the endpoint's metadata gives the API
/// explorer, the same list the OpenAPI document shows, so a parameter added to a handler is allowed without more
/// work and every endpoint, present and future, is checked. Names match exactly (camelCase), as in JSON.
/// </summary>
internal static class UnknownQueryParameters
{
    /// <summary>At most this many unknown names are listed, each cut to this length: the problem must not echo a hostile request.</summary>
    private const int MaxListed = 10;
    private const int MaxNameLength = 64;

    public static IApplicationBuilder UseUnknownQueryParameterCheck(this IApplicationBuilder app)
    {
        var explorer = app.ApplicationServices.GetRequiredService<IApiDescriptionGroupCollectionProvider>();
        var declared = new Lazy<IReadOnlyDictionary<(MethodInfo, string), HashSet<string>>>(() => Declared(explorer));
        var allowedText = new ConcurrentDictionary<HashSet<string>, string>();
        return app.Use(async (http, next) =>
        {
            // Only route handlers (the API) are checked; health checks and the document take no parameters of ours.
            var handler = http.GetEndpoint()?.Metadata.GetMetadata<MethodInfo>();
            if (handler is not null && http.Request.Query.Count > 0)
            {
                var allowed = declared.Value.GetValueOrDefault((handler, http.Request.Method.ToUpperInvariant())) ?? [];
                var unknown = http.Request.Query.Keys.Where(k => !allowed.Contains(k)).Order(StringComparer.Ordinal).Take(MaxListed).ToList();
                if (unknown.Count > 0)
                {
                    var message = "Unknown query parameter; allowed: " + allowedText.GetOrAdd(allowed, a => a.Count == 0
                        ? "none."
                        : string.Join(", ", a.Order(StringComparer.Ordinal)) + ".");
                    throw ApiProblemException.Validation(unknown.ToDictionary(
                        k => k.Length > MaxNameLength ? k[..MaxNameLength] + "..." : k,
                        _ => new[] { message },
                        StringComparer.Ordinal));
                }
            }
            await next(http);
        });
    }

    /// <summary>Per handler and method, the query parameter names the API explorer found on it.</summary>
    private static Dictionary<(MethodInfo, string), HashSet<string>> Declared(IApiDescriptionGroupCollectionProvider explorer)
    {
        var result = new Dictionary<(MethodInfo, string), HashSet<string>>();
        foreach (var description in explorer.ApiDescriptionGroups.Items.SelectMany(g => g.Items))
        {
            if (description.ActionDescriptor.EndpointMetadata.OfType<MethodInfo>().FirstOrDefault() is not { } method
                || description.HttpMethod is not { } verb)
            {
                continue;
            }
            if (!result.TryGetValue((method, verb), out var names))
            {
                result[(method, verb)] = names = new HashSet<string>(StringComparer.Ordinal);
            }
            foreach (var parameter in description.ParameterDescriptions.Where(p => p.Source == BindingSource.Query))
            {
                names.Add(parameter.Name);
            }
        }
        return result;
    }
}
