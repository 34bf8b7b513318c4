using Burgerbaan.Api.Auth;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace Burgerbaan.Api.Privacy;

/// <summary>
/// The AVG rights of a volunteer, exercised through the cooperative: what is held about them (export) and erasure
/// (pseudonymisation now, erasure of the fiscal record after seven years). Admin keys only: the export holds payouts and
/// audit rows, which coordinators do not read, and an erasure cannot be undone.
/// </summary>
public static class PrivacyEndpoints
{
    public static RouteGroupBuilder MapPrivacy(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/volunteers").WithTags("Volunteers").RequireAuthorization(Policies.Admin);

        group.MapGet("/{id:long}/export", Export).WithName("ExportVolunteer")
            .WithSummary("Everything held about a volunteer (AVG)")
            .WithDescription("One JSON document with the profile, allowance agreements, placements, hour entries, payouts, sponsor allocations " +
                "with their consent, the applications that became the volunteer, their own API keys (never a secret) and the audit rows about " +
                "them and their records; every list whole and oldest first. After a DELETE it shows what is kept: the pseudonym, the reduced " +
                "date of birth and, in pseudonymisation, until when. Admin keys only.")
            .Produces<VolunteerExport>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{id:long}", Delete).WithName("DeleteVolunteer")
            .WithSummary("Erase a volunteer's personal data (AVG)")
            .WithDescription("Needs If-Match with the volunteer's ETag. Refused with 409 volunteer_has_open_payouts (payoutIds) while a payout " +
                "is pending or approved, and with 409 volunteer_pseudonymised when done before. Otherwise at once: names become the pseudonym " +
                "'Erased' 'Volunteer {id}'; e-mail, phone and IBAN are erased; the date of birth keeps 1 January of the year (the first of the " +
                "month, or the day, only when a paid hour's legal age band needs it); the volunteer is deactivated for good and found by no name " +
                "or IBAN; their API keys are revoked; consent notes, being named in sponsor reports and linked applications are erased; and " +
                "personal values in the audit trail become \"[erased]\". Payouts, hours, totals and the audit rows' figures stay until " +
                "retainUntil (31 December of the seventh year after the last payout's year), then a retention job erases them. Audited as " +
                "volunteer.pseudonymised, without the erased values. Admin keys only.")
            .Produces<VolunteerPseudonymised>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
        return group;
    }

    private static async Task<Ok<VolunteerExport>> Export(long id, Db db, IClock clock, CancellationToken ct) =>
        TypedResults.Ok(await db.ReadAsync((c, token) => VolunteerExportBuilder.BuildAsync(c, db.Dialect, id, clock.GetCurrentInstant(), token), ct));

    private static async Task<Ok<VolunteerPseudonymised>> Delete(long id, HttpContext http, Db db, IClock clock, ApiKeyCache keys, CancellationToken ct)
    {
        var done = await Pseudonymisation.RunAsync(id, http, db, clock, keys, ct);
        return TypedResults.Ok(done);
    }
}
