using System.Globalization;
using Burgerbaan.Tests.Infrastructure;
using YamlDotNet.Serialization;

namespace Burgerbaan.Tests.Contract;

/// <summary>
/// openapi.yaml is what other teams generate clients from: the served document must equal it.
/// Regenerate after an intended change with
/// <c>BURGERBAAN_WRITE_OPENAPI=1 dotnet test --filter FullyQualifiedName~OpenApiContractTests</c>.
/// </summary>
public sealed class OpenApiContractTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    private static readonly string FilePath = Path.Combine(RepositoryRoot.Path, "openapi.yaml");

    [Fact]
    public async Task Served_document_equals_the_checked_in_openapi_yaml()
    {
        var response = await api.Anonymous().GetAsync("/swagger/v1/swagger.yaml");
        response.EnsureSuccessStatusCode();
        var served = await response.Content.ReadAsStringAsync();
        if (Environment.GetEnvironmentVariable("BURGERBAAN_WRITE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(FilePath, served.ReplaceLineEndings("\n"));
        }

        var difference = FirstDifference("$", Parse(await File.ReadAllTextAsync(FilePath)), Parse(served));

        Assert.True(difference is null,
            $"openapi.yaml differs from the served document at {difference}. If the change is intended, regenerate with " +
            "BURGERBAAN_WRITE_OPENAPI=1 dotnet test --filter FullyQualifiedName~OpenApiContractTests");
    }

    [Fact]
    public void Comparison_notices_a_changed_value()
    {
        var a = Parse("paths:\n  /v1/x:\n    get:\n      operationId: A\n");
        var b = Parse("paths:\n  /v1/x:\n    get:\n      operationId: B\n");
        Assert.Equal("$.paths./v1/x.get.operationId", FirstDifference("$", a, b));
        Assert.Null(FirstDifference("$", a, Parse("paths: {'/v1/x': {get: {operationId: A}}}")));
    }

    private static object? Parse(string yaml) => new DeserializerBuilder().Build().Deserialize<object>(yaml);

    /// <summary>Maps compare by key (order free), lists and scalars by value; the path of the first mismatch, or null.</summary>
    private static string? FirstDifference(string path, object? expected, object? actual)
    {
        switch (expected, actual)
        {
            case (Dictionary<object, object?> e, Dictionary<object, object?> a):
                foreach (var key in e.Keys.Concat(a.Keys).Select(k => Convert.ToString(k, CultureInfo.InvariantCulture)!).Distinct().Order(StringComparer.Ordinal))
                {
                    var inE = e.FirstOrDefault(p => Convert.ToString(p.Key, CultureInfo.InvariantCulture) == key);
                    var inA = a.FirstOrDefault(p => Convert.ToString(p.Key, CultureInfo.InvariantCulture) == key);
                    if (inE.Key is null || inA.Key is null)
                    {
                        return $"{path}.{key} ({(inE.Key is null ? "only served" : "only in the file")})";
                    }
                    if (FirstDifference($"{path}.{key}", inE.Value, inA.Value) is { } d)
                    {
                        return d;
                    }
                }
                return null;
            case (List<object?> e, List<object?> a):
                if (e.Count != a.Count)
                {
                    return $"{path} (file has {e.Count} items, served {a.Count})";
                }
                for (var i = 0; i < e.Count; i++)
                {
                    if (FirstDifference($"{path}[{i}]", e[i], a[i]) is { } d)
                    {
                        return d;
                    }
                }
                return null;
            default:
                return Equals(expected, actual) ? null : path;
        }
    }
}
