using System.Net;
using System.Text.Json.Nodes;
using Burgerbaan.Tests.Infrastructure;

namespace Burgerbaan.Tests.Platform;

/// <summary>Probes and the document are public; the API behind them is not.</summary>
public sealed class HealthAndSwaggerTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    [Fact]
    public async Task Liveness_answers_healthy_without_a_key()
    {
        var response = await api.Anonymous().GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Readiness_answers_its_checks_as_JSON_without_a_key()
    {
        // The clock says 2025-03-14 and 2025 has (statutory) limits, so no year is missing.
        var response = await api.Anonymous().GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            """
            {"status":"Healthy","checks":{"database":{"status":"Healthy","description":null},"allowance_limits":{"status":"Healthy","description":"Allowance limits are set for every year due."}},"missingAllowanceLimits":[]}
            """,
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Ready_check_is_unhealthy_when_the_database_cannot_be_opened()
    {
        // The ready check itself over a database that cannot be opened (its folder is a file): a service in
        // that state would not have started, so the check is run directly.
        var check = new Burgerbaan.Api.Data.DatabaseHealthCheck(TempSqlite.DbFor(
            $"Data Source={Path.Combine(api.DatabasePath, "not-a-folder", "x.db")};Mode=ReadOnly;Pooling=False"));

        var result = await check.CheckHealthAsync(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext());

        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy, result.Status);
        Assert.Equal("database unreachable: SqliteException", result.Description);
    }

    [Fact]
    public async Task Swagger_document_is_served_without_a_key()
    {
        var response = await api.Anonymous().GetAsync("/swagger/v1/swagger.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.StartsWith("3.", (string?)document["openapi"], StringComparison.Ordinal);
        Assert.NotNull(document["paths"]?["/v1/volunteers"]);
    }

    [Fact]
    public async Task Swagger_yaml_and_ui_are_served_without_a_key()
    {
        var yaml = await api.Anonymous().GetAsync("/swagger/v1/swagger.yaml");
        Assert.Equal(HttpStatusCode.OK, yaml.StatusCode);
        Assert.StartsWith("openapi: ", await yaml.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var ui = await api.Anonymous().GetAsync("/swagger/index.html");
        Assert.Equal(HttpStatusCode.OK, ui.StatusCode);
        Assert.Equal("text/html", ui.Content.Headers.ContentType?.MediaType);
        Assert.Contains("swagger-ui", await ui.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var noRedirects = api.CreateClient(new() { AllowAutoRedirect = false });
        var root = await noRedirects.GetAsync("/swagger");
        Assert.Equal(HttpStatusCode.MovedPermanently, root.StatusCode);
        Assert.EndsWith("swagger/index.html", root.Headers.Location?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_behind_the_public_routes_still_needs_a_key()
    {
        var response = await api.Anonymous().GetAsync("/v1/volunteers");

        await response.Problem(HttpStatusCode.Unauthorized, "unauthorized");
    }
}
