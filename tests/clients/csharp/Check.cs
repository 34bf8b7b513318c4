using Burgerbaan.ClientScenario.Generated;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;

namespace Burgerbaan.ClientScenario;

internal static class Clients
{
    /// <summary>Kiota's default middleware (it holds the headers inspection handler) with the key as a bearer token.</summary>
    public static HttpClient Http(string key)
    {
        var http = KiotaClientFactory.Create();
        http.DefaultRequestHeaders.Authorization = new("Bearer", key);
        return http;
    }

    // The key travels on the HttpClient: Kiota's own API key provider insists on https, and the API runs on loopback http here.
    public static BurgerbaanClient For(HttpClient http, string baseUrl) =>
        new(new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http) { BaseUrl = baseUrl });
}

internal static class Check
{
    public static async Task<T> Ok<T>(string step, Task<T?> call) where T : class
    {
        try
        {
            var result = await call ?? Fail<T>($"{step}: no body");
            Console.WriteLine($"ok  {step}");
            return result;
        }
        catch (Generated.Models.ProblemDetails problem)
        {
            return Fail<T>($"{step}: {problem.ResponseStatusCode} {problem.Code} {problem.Detail}");
        }
    }

    public static void That(bool condition, string message)
    {
        if (!condition)
        {
            Fail<bool>(message);
        }
    }

    public static T Fail<T>(string message) => throw new ScenarioFailedException(message);
}

internal sealed class ScenarioFailedException(string message) : Exception(message);
