using Burgerbaan.Api.Audit;
using Burgerbaan.Api.Auth;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Api.Matching;
using Burgerbaan.Api.Volunteers;
using Burgerbaan.Contracts;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace Burgerbaan.Api.Applications;

/// <summary>
/// What coordinators do with an open (new or contacted) application. Each step is audited with the status before and
/// after, never the applicant's personal data, which the retention job erases.
/// </summary>
internal static class ApplicationDecisions
{
    public const string NotOpen = "application_not_open";

    public static void Map(RouteGroupBuilder group)
    {
        group.MapPost("/{id:long}/contacted", Contacted).WithName("MarkApplicationContacted").RequireAuthorization(Policies.Coordinator)
            .WithSummary("Record that the applicant was contacted")
            .WithDescription("An open application becomes contacted, with the instant and an optional note (a later call replaces the note). " +
                "An accepted, declined or withdrawn one is 409 application_not_open. Audited as application.contacted.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:long}/accept", Accept).WithName("AcceptApplication").RequireAuthorization(Policies.Coordinator)
            .WithSummary("Accept an application: the applicant becomes a volunteer")
            .WithDescription("Creates the volunteer from the application (names, date of birth, e-mail, phone; the body adds or overrides the " +
                "date of birth and an IBAN) through the same checks as POST /v1/volunteers, duplicates included (409 possible_duplicate, " +
                "confirmDistinctFrom), and links the application to it. 201 with the volunteer and its Location. Audited as volunteer.created " +
                "and application.accepted.")
            .Produces<VolunteerResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:long}/decline", Decline).WithName("DeclineApplication").RequireAuthorization(Policies.Coordinator)
            .WithSummary("Decline an application")
            .WithDescription("With a reason. Erased after Applications:RetentionDays. Audited as application.declined (without the reason).")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:long}/withdraw", Withdraw).WithName("WithdrawApplication").RequireAuthorization(Policies.Coordinator)
            .WithSummary("Record that the applicant withdrew")
            .WithDescription("Erased after Applications:RetentionDays. Audited as application.withdrawn.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static Task<Ok<ApplicationResponse>> Contacted(long id, ContactApplicationRequest? request, HttpContext http, Db db, IClock clock, CancellationToken ct) =>
        Move(id, http, db, clock, ApplicationStatus.Contacted, (row, now) =>
        {
            row.ContactedAt = now;
            row.ContactNote = Patch.Text(request?.Note, row.ContactNote);
        }, ct);

    private static Task<Ok<ApplicationResponse>> Decline(long id, DeclineApplicationRequest request, HttpContext http, Db db, IClock clock, CancellationToken ct)
    {
        new Checks().NotBlank(request.Reason, "reason").ThrowIfAny();
        return Move(id, http, db, clock, ApplicationStatus.Declined, (row, now) =>
        {
            row.DecidedAt = now;
            row.DeclineReason = request.Reason.Trim();
        }, ct);
    }

    private static Task<Ok<ApplicationResponse>> Withdraw(long id, HttpContext http, Db db, IClock clock, CancellationToken ct) =>
        Move(id, http, db, clock, ApplicationStatus.Withdrawn, (row, now) => row.DecidedAt = now, ct);

    private static async Task<Ok<ApplicationResponse>> Move(long id, HttpContext http, Db db, IClock clock, ApplicationStatus to,
        Action<ApplicationEndpoints.Row, Instant> change, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        var row = await db.WriteAsync(async (c, tx, token) =>
        {
            var row = await Open(c, tx, db.Dialect, id, token);
            var before = row.Status;
            var now = clock.GetCurrentInstant();
            change(row, now);
            row.Status = to;
            row.UpdatedAt = now;
            await SaveAsync(c, tx, row, token);
            await AuditTrail.WriteAsync(c, tx, caller, "application." + EnumTypeHandlers.Name(to), "application", id,
                new { before = new { status = before }, after = new { status = to } }, now, token);
            return row;
        }, ct);
        ETags.Set(http, row.Version);
        return TypedResults.Ok(row.ToResponse());
    }

    private static async Task<Created<VolunteerResponse>> Accept(long id, AcceptApplicationRequest? request, HttpContext http, Db db, IClock clock, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        var (volunteerId, volunteer) = await db.WriteAsync(async (c, tx, token) =>
        {
            var row = await Open(c, tx, db.Dialect, id, token);
            var dateOfBirth = request?.DateOfBirth ?? row.DateOfBirth;
            if (dateOfBirth is null)
            {
                throw ApiProblemException.Validation("dateOfBirth", "The application gives no date of birth; the volunteer record needs one.");
            }
            var iban = VolunteerEndpoints.Check(row.FirstName, row.LastName, dateOfBirth, request?.Iban, row.Email, request?.ConfirmDistinctFrom, Today.In(clock));
            var now = clock.GetCurrentInstant();
            var volunteer = new VolunteerEndpoints.Row
            {
                FirstName = row.FirstName!, LastName = row.LastName!, DateOfBirth = dateOfBirth.Value, Email = row.Email, Phone = row.Phone,
                Iban = iban, Active = true, CreatedAt = now, UpdatedAt = now, Version = 1,
            };
            var volunteerId = await VolunteerEndpoints.InsertAsync(c, tx, db.Dialect, volunteer, request?.ConfirmDistinctFrom, caller, token);
            // The wishes outlive the application, whose own fields the retention job erases.
            await WishesEndpoints.InsertAsync(c, tx, caller, volunteerId, Website.Tags.FromJson<string>(row.Interests), row.Neighbourhood,
                row.HoursPerWeek, now, token);
            var before = row.Status;
            row.Status = ApplicationStatus.Accepted;
            row.VolunteerId = volunteerId;
            row.DecidedAt = now;
            row.UpdatedAt = now;
            await SaveAsync(c, tx, row, token);
            await AuditTrail.WriteAsync(c, tx, caller, "application.accepted", "application", id,
                new { before = new { status = before }, after = new { status = ApplicationStatus.Accepted, volunteerId } }, now, token);
            return (volunteerId, volunteer);
        }, ct);
        ETags.Set(http, 1);
        return TypedResults.Created($"/v1/volunteers/{volunteerId}", volunteer.ToResponse() with { Id = volunteerId });
    }

    /// <summary>The application, locked, if it is still open; 404 or 409 application_not_open otherwise.</summary>
    private static async Task<ApplicationEndpoints.Row> Open(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, SqlDialect dialect,
        long id, CancellationToken ct)
    {
        var row = await ApplicationEndpoints.Find(c, tx, dialect, id, ct) ?? throw ApiProblemException.NotFound("application");
        if (row.Status is not (ApplicationStatus.New or ApplicationStatus.Contacted))
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, NotOpen, "Application not open",
                $"Application {id} is {EnumTypeHandlers.Name(row.Status)}; only new and contacted applications can change.");
        }
        return row;
    }

    private static async Task SaveAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, ApplicationEndpoints.Row row, CancellationToken ct)
    {
        ETags.RequireUpdated(await c.ExecuteAsync(new CommandDefinition(
            "UPDATE applications SET status = @Status, contacted_at = @ContactedAt, contact_note = @ContactNote, decided_at = @DecidedAt, " +
            "decline_reason = @DeclineReason, volunteer_id = @VolunteerId, updated_at = @UpdatedAt, version = version + 1 " +
            "WHERE id = @Id AND version = @Version", row, tx, cancellationToken: ct)));
        row.Version++;
    }
}
