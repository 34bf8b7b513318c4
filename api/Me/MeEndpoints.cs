using Burgerbaan.Api.Auth;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Api.Volunteers;
using Burgerbaan.Contracts;
using Mapster;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace Burgerbaan.Api.SelfService;

/// <summary>
/// Self-service (<c>/v1/me</c>): a volunteer key reads its own volunteer's record, agreements, placements, hours, payouts,
/// allowance and sponsor consents, and changes its own e-mail and phone. The volunteer is the key's binding, never a
/// path or query value, so there is nothing to point at someone else with. The reads reuse the SQL of the resource that
/// owns each table.
/// </summary>
public static partial class MeEndpoints
{
    public static RouteGroupBuilder MapMe(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/me").WithTags("Self-service").RequireAuthorization(Policies.Volunteer);

        group.MapGet("/", Get).WithName("GetMe")
            .WithSummary("My profile")
            .WithDescription("The volunteer this key is bound to: names, date of birth, e-mail, phone and the IBAN payouts go to. Carries an ETag for PATCH /v1/me.");
        group.MapPatch("/", Update).WithName("UpdateMe")
            .WithSummary("Change my e-mail or phone")
            .WithDescription("Only email and phone; any other field is a 400 naming it (names, date of birth and IBAN are changed by a coordinator). " +
                "Needs If-Match with the current ETag; an empty string clears a field. Audited as volunteer.changed with the fields before and after.")
            .ProducesPatchProblems();
        group.MapGet("/agreements", ListAgreements).WithName("ListMyAgreements")
            .WithSummary("My allowance agreements")
            .WithDescription("Oldest first, cursor paged.");
        group.MapGet("/placements", ListPlacements).WithName("ListMyPlacements")
            .WithSummary("My placements")
            .WithDescription("Where I volunteer, with each organisation's name; oldest first, cursor paged.");
        group.MapGet("/hours", ListHours).WithName("ListMyHours")
            .WithSummary("My hours")
            .WithDescription("The hour entries organisations reported for me, with their status (submitted, approved, rejected with the reason, paid); " +
                "from and to (yyyy-MM-dd, inclusive) narrow the dates. Oldest first, cursor paged.");
        group.MapGet("/payouts", ListPayouts).WithName("ListMyPayouts")
            .WithSummary("My payouts")
            .WithDescription("Every payout for me, with its status; from and to (yyyy-MM, inclusive) narrow the months. Oldest first, cursor paged.");
        group.MapGet("/allowance/{year:int}", MeAllowance.Get).WithName("GetMyAllowance")
            .WithSummary("My allowance headroom in a year, with warnings")
            .WithDescription("The same figures as GET /v1/volunteers/{id}/allowance/{year}, plus warnings: near_annual_limit when less than 10% of the year's " +
                "effective cap is left, near_monthly_limit when less than 10% of the current month's limit is left (today in Europe/Amsterdam, so only for the current year).")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/sponsor-consents", SponsorConsents.List).WithName("ListMySponsorConsents")
            .WithSummary("Sponsors linked to me")
            .WithDescription("Every place a sponsor funds that was given to me with my consent: the sponsor, the period, whether I may be named in the sponsor's " +
                "reports, and whether the consent is upcoming, active, ended or revoked. Oldest first, cursor paged.");
        group.MapPost("/sponsor-consents/{allocationId:long}/revoke", SponsorConsents.Revoke).WithName("RevokeMySponsorConsent")
            .WithSummary("Revoke my consent to a sponsor")
            .WithDescription("Ends the place from today (Europe/Amsterdam): its last day becomes yesterday at the latest, so what was credited to the " +
                "sponsor before stays credited. Another volunteer's allocation is a 404; revoking twice is a 409. Audited as sponsor_allocation.revoked, " +
                "with this key as the one that revoked.")
            .Produces<SponsorConsentResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    /// <summary>The volunteer the key is bound to. The policy lets only volunteer keys in, and the database holds every one to a volunteer.</summary>
    internal static long Self(HttpContext http) =>
        Caller.From(http.User).VolunteerId ?? throw new InvalidOperationException("A volunteer key without its volunteer reached /v1/me.");

    internal static MeResponse ToMe(VolunteerEndpoints.Row row) => row.Adapt<MeResponse>(Mappings.Config);

    private static async Task<Ok<MeResponse>> Get(HttpContext http, Db db, CancellationToken ct)
    {
        var id = Self(http);
        var row = await db.ReadAsync((c, token) => VolunteerEndpoints.Find(c, null, db.Dialect, id, token), ct)
            ?? throw ApiProblemException.NotFound("volunteer");
        ETags.Set(http, row.Version);
        return TypedResults.Ok(ToMe(row));
    }

    private static async Task<Ok<MeResponse>> Update(UpdateMeRequest request, HttpContext http, Db db, IClock clock, ApiKeyCache keys, CancellationToken ct)
    {
        var row = await VolunteerEndpoints.ChangeAsync(Self(http), new UpdateVolunteerRequest(Email: request.Email, Phone: request.Phone), http, db, clock, keys, ct);
        return TypedResults.Ok(ToMe(row));
    }
}
