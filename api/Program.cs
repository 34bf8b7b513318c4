using Burgerbaan.Api.Allowance;
using Burgerbaan.Api.Applications;
using Burgerbaan.Api.ApiKeys;
using Burgerbaan.Api.Audit;
using Burgerbaan.Api.Auth;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Api.Faq;
using Burgerbaan.Api.Hours;
using Burgerbaan.Api.Idempotency;
using Burgerbaan.Api.SelfService;
using Burgerbaan.Api.OpenApi;
using Burgerbaan.Api.Matching;
using Burgerbaan.Api.Opportunities;
using Burgerbaan.Api.Organisations;
using Burgerbaan.Api.PaymentBatches;
using Burgerbaan.Api.OutsideAllowances;
using Burgerbaan.Api.PayoutRuns;
using Burgerbaan.Api.Payouts;
using Burgerbaan.Api.Placements;
using Burgerbaan.Api.Privacy;
using Burgerbaan.Api.Sponsors;
using Burgerbaan.Api.Telemetry;
using Burgerbaan.Api.Statements;
using Burgerbaan.Api.Volunteers;
using Burgerbaan.Api.Website;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using NodaTime;

var builder = WebApplication.CreateBuilder(args);

NodaTypeHandlers.Register();
builder.Services.AddBurgerbaanDatabase();
builder.Services.AddSingleton(Transient.Pipeline());
builder.Services.AddSingleton<Db>();
builder.Services.AddSingleton<IClock>(NodaTime.SystemClock.Instance);
builder.Services.AddOptions<PayoutRunSettings>().BindConfiguration(PayoutRunSettings.Section).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddSingleton<PayoutRunner>();
// Issue 10: four eyes on payout approval (Finance:FourEyes).
builder.Services.AddOptions<FourEyesSettings>().BindConfiguration(FourEyesSettings.Section).ValidateOnStart();
builder.Services.AddOptions<IdempotencySettings>().BindConfiguration(IdempotencySettings.Section).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddBootstrapAdminKey();
builder.Services.AddSingleton<IdempotentPost>();
builder.Services.AddSingleton<IdempotencyPurger>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<IdempotencyPurger>());

builder.WebHost.ConfigureKestrel(k =>
{
    k.Limits.MaxRequestBodySize = ProblemSetup.MaxRequestBodyBytes;
    // No "Server: Kestrel": it tells an attacker what to probe and a client nothing it needs.
    k.AddServerHeader = false;
});
builder.Services.ConfigureHttpJsonOptions(o =>
{
    o.SerializerOptions.TypeInfoResolverChain.Insert(0, HotJsonContext.Default);
    NodaTimeJson.Configure(o.SerializerOptions);
});
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.AddValidation();
builder.Services.AddBurgerbaanProblems();

builder.Services.AddOptions<ApiKeyCacheSettings>().BindConfiguration(ApiKeyCacheSettings.Section).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddSingleton<ApiKeyCache>();
builder.Services.AddOptions<LimitsCacheSettings>().BindConfiguration(LimitsCacheSettings.Section).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddSingleton<LimitsCache>();
builder.Services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
    .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
builder.Services.AddAuthorizationBuilder().AddBurgerbaanPolicies();
builder.Services.AddBurgerbaanRateLimits();
// Issue 9, the website's public endpoints: CORS, the per-client rate limit, applications' retention, the figures' cache.
builder.Services.AddBurgerbaanPublicAccess();
builder.Services.AddOptions<ApplicationSettings>().BindConfiguration(ApplicationSettings.Section).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddSingleton<ApplicationRetention>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<ApplicationRetention>());
builder.Services.AddSingleton<StatsEndpoints.Cache>();
// Issue 10, payment batches: the account SEPA files pay from (optional; checked at start when set).
builder.Services.AddOptions<DebtorSettings>().BindConfiguration(DebtorSettings.Section).ValidateOnStart();
builder.Services.AddSingleton<IValidateOptions<DebtorSettings>, DebtorSettingsValidator>();
// Issue 10, privacy (AVG): erases pseudonymised volunteers' fiscal records once their retention has passed.
builder.Services.AddSingleton<FiscalRetention>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<FiscalRetention>());

builder.Services.AddHealthChecks()
    .AddCheck<DatabaseHealthCheck>("database", tags: ["ready"])
    .AddCheck<MissingLimits.HealthCheck>("allowance_limits", tags: ["ready"]);
builder.Services.AddBurgerbaanOpenApi();
// Telemetry (issue 11): OpenTelemetry traces and metrics (off unless configured), business metrics, JSON console logs.
builder.AddBurgerbaanTelemetry();

var app = builder.Build();

// Every option is checked before the database is touched, not only when the host starts (after the
// migrations and the first key); all bad values are reported together.
app.Services.GetRequiredService<IStartupValidator>().Validate();
DatabaseStartup.Prepare(app.Services.GetRequiredService<DatabaseSettings>(), app.Logger);
await MissingLimits.WarnAsync(app.Services.GetRequiredService<Db>(), app.Services.GetRequiredService<IClock>(), app.Logger, CancellationToken.None);
await BootstrapAdminKey.EnsureAsync(app.Services.GetRequiredService<Db>(),
    app.Services.GetRequiredService<IOptions<BootstrapAdminKeySettings>>().Value.Key,
    app.Services.GetRequiredService<IClock>(), Console.Out);

app.UseBurgerbaanForwardedHeaders();
app.UseBurgerbaanResponseHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseBodySizeLimit();
app.UseJsonBodyBuffering();
// The document and its UI are public (DESIGN.md); they sit before authentication. Their middleware only runs
// under /swagger: elsewhere it would match every request against its routes for nothing.
app.UseWhen(http => http.Request.Path.StartsWithSegments("/swagger", StringComparison.OrdinalIgnoreCase), swagger =>
{
    swagger.UseSwagger(o => o.RouteTemplate = "swagger/{documentName}/swagger.{extension:regex(^(json|yaml)$)}");
    swagger.UseSwaggerUI(o => o.SwaggerEndpoint("/swagger/v1/swagger.json", "Burgerbaan API v1"));
});
// Before authentication: a browser's preflight carries no key and is answered here (public endpoints only).
app.UseCors();
app.UseAuthentication();
app.UseAuthorization();
app.UseUnknownQueryParameterCheck();
app.UseRateLimiter();

app.MapHealthChecks("/health/live", new() { Predicate = _ => false }).AllowAnonymous();
app.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = HealthJson.Write }).AllowAnonymous();

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
app.MapMe();
// Sponsors and SROI (issue 8)
app.MapSponsors();
app.MapObligations();
app.MapSponsorships();
app.MapAllocations();
app.MapApplications();
app.MapFaq();
app.MapOpportunities();
app.MapMatches();
app.MapWishes();
app.MapStats();
app.MapSroiReports();
// Issue 10: payment batches and their SEPA files.
app.MapPaymentBatches();
// Issue 10: allowances declared from other organisations, and the annual statement.
app.MapOutsideAllowances();
app.MapStatements();
// Exports and the near-limit list (issue 10); the payouts and payout runs lists answer CSV themselves.
app.MapHoursPerOrganisation();
app.MapAllowanceReports();
// Issue 10, privacy (AVG): export and DELETE of a volunteer
app.MapPrivacy();

await app.RunAsync();

/// <summary>The entry point, public so the tests' WebApplicationFactory can start it.</summary>
public partial class Program;
