using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Dapper;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Burgerbaan.Api.Auth;

/// <summary>
/// <c>Authorization: Bearer &lt;key&gt;</c>: hashes the key and looks the hash up among keys that are not
/// revoked and not bound to a deactivated organisation, or finds it in <see cref="ApiKeyCache"/>. 401 and 403 are written as
/// problems; neither says whether a key exists.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    Db db,
    ApiKeyCache cache,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    // One query joins the key to what it is bound to: a key bound to something deactivated is as unknown as a
    // revoked one. A later binding (sponsor, volunteer) adds its LEFT JOIN and its "IS NULL OR active" line here.
    private const string Sql = """
        SELECT k.id AS Id, k.role AS Role, k.organisation_id AS OrganisationId, k.sponsor_id AS SponsorId
        FROM api_keys k
        LEFT JOIN organisations o ON o.id = k.organisation_id
        LEFT JOIN sponsors sp ON sp.id = k.sponsor_id
        WHERE k.key_hash = @Hash AND k.revoked_at IS NULL
          AND (k.organisation_id IS NULL OR o.active = 1)
          AND (k.sponsor_id IS NULL OR sp.active = 1)
        """;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticateResult.NoResult();
        }
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.Fail("Authorization must use the Bearer scheme.");
        }
        var key = header["Bearer ".Length..].Trim();
        if (key.Length < ApiKeySecrets.MinimumLength || key.Length > 200)
        {
            return AuthenticateResult.Fail("Unknown or revoked key.");
        }
        var hash = ApiKeySecrets.Hash(key);
        if (!cache.TryGet(hash, out var row))
        {
            var generation = cache.Generation;
            var found = await db.ReadAsync((c, ct) => c.QuerySingleOrDefaultAsync<ApiKeyCache.Identity>(
                new CommandDefinition(Sql, new { Hash = HashParameter(hash) }, cancellationToken: ct)), Context.RequestAborted);
            if (found is null)
            {
                return AuthenticateResult.Fail("Unknown or revoked key.");
            }
            cache.Add(hash, found, generation);
            row = found;
        }
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, row.Id.ToString(CultureInfo.InvariantCulture)),
            new(ClaimTypes.Role, row.Role),
        };
        if (row.OrganisationId is { } org)
        {
            claims.Add(new Claim(Caller.OrganisationClaim, org.ToString(CultureInfo.InvariantCulture)));
        }
        if (row.SponsorId is { } sponsor)
        {
            claims.Add(new Claim(Caller.SponsorClaim, sponsor.ToString(CultureInfo.InvariantCulture)));
        }
        var identity = new ClaimsIdentity(claims, SchemeName, ClaimTypes.NameIdentifier, ClaimTypes.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    /// <summary>
    /// The hash as char(64), the column's own type: sent as nvarchar (Dapper's default for a string), SQL Server
    /// would convert the column instead and, under a SQL collation, scan the key index on every request.
    /// </summary>
    private static DbString HashParameter(string hash) =>
        new() { Value = hash, IsAnsi = true, IsFixedLength = true, Length = hash.Length };

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return Write(StatusCodes.Status401Unauthorized, ProblemCodes.Unauthorized, "Unauthorized",
            "Send a valid API key as 'Authorization: Bearer <key>'.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Write(StatusCodes.Status403Forbidden, ProblemCodes.Forbidden, "Forbidden", "This key's role may not do this.");

    private async Task Write(int status, string code, string title, string detail)
    {
        Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        problem.Extensions["code"] = code;
        await problems.WriteAsync(new ProblemDetailsContext { HttpContext = Context, ProblemDetails = problem });
    }
}
