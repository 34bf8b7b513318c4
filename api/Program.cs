using Burgerbaan.Api.Allowance;
using Burgerbaan.Api.ApiKeys;
using Burgerbaan.Api.Audit;
using Burgerbaan.Api.Auth;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Api.Hours;
using Burgerbaan.Api.Idempotency;
using Burgerbaan.Api.OpenApi;
using Burgerbaan.Api.Organisations;
using Burgerbaan.Api.PayoutRuns;
using Burgerbaan.Api.Payouts;
using Burgerbaan.Api.Placements;
using Burgerbaan.Api.Volunteers;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using NodaTime;

var builder = WebApplication.CreateBuilder(args);

var database = DatabaseSettings.FromConfiguration(builder.Configuration);
NodaTypeHandlers.Register();
builder.Services.AddSingleton(database);
builder.Services.AddSingleton(Transient.Pipeline());
builder.Services.AddSingleton<Db>();
builder.Services.AddSingleton<IClock>(NodaTime.SystemClock.Instance);
builder.Services.AddSingleton(IdempotencySettings.FromConfiguration(builder.Configuration));
builder.Services.AddSingleton<IdempotentPost>();
builder.Services.AddSingleton<IdempotencyPurger>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<IdempotencyPurger>());

builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = ProblemSetup.MaxRequestBodyBytes);
builder.Services.ConfigureHttpJsonOptions(o => NodaTimeJson.Configure(o.SerializerOptions));
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.AddValidation();
builder.Services.AddBurgerbaanProblems();

builder.Services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
    .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
builder.Services.AddAuthorizationBuilder().AddBurgerbaanPolicies();
builder.Services.AddBurgerbaanRateLimits(builder.Configuration);

builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
builder.Services.AddBurgerbaanOpenApi();

var app = builder.Build();

DatabaseStartup.Prepare(database, app.Logger);
await BootstrapAdminKey.EnsureAsync(app.Services.GetRequiredService<Db>(), app.Configuration,
    app.Services.GetRequiredService<IClock>(), Console.Out);

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseBodySizeLimit();
app.UseJsonBodyBuffering();
// The document and its UI are public (DESIGN.md); they sit before authentication.
app.UseSwagger(o => o.RouteTemplate = "swagger/{documentName}/swagger.{extension:regex(^(json|yaml)$)}");
app.UseSwaggerUI(o => o.SwaggerEndpoint("/swagger/v1/swagger.json", "Burgerbaan API v1"));
app.UseAuthentication();
app.UseAuthorization();
app.UseUnknownQueryParameterCheck();
app.UseRateLimiter();

app.MapHealthChecks("/health/live", new() { Predicate = _ => false }).AllowAnonymous();
app.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();

app.MapApiKeys();
app.MapOrganisations();
app.MapVolunteers();
app.MapAgreements();
app.MapPlacements();
app.MapAllowance();
app.MapPayouts();
app.MapPayoutRuns();
app.MapHours();
app.MapAudit();

await app.RunAsync();

/// <summary>The entry point, public so the tests' WebApplicationFactory can start it.</summary>
public partial class Program;
