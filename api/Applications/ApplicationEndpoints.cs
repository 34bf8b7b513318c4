using Burgerbaan.Api.Audit;
using Burgerbaan.Api.Auth;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Api.Website;
using Burgerbaan.Contracts;
using Dapper;
using Mapster;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Burgerbaan.Api.Applications;

/// <summary>
/// Intake from the website and meetings. The public posts and never reads back; coordinators list, contact, accept
/// (the volunteer is made through the same duplicate check as a direct create), decline or withdraw.
/// </summary>
public static class ApplicationEndpoints
{
    internal const string Columns = """
        id AS Id, status AS Status, first_name AS FirstName, last_name AS LastName, email AS Email, phone AS Phone,
        date_of_birth AS DateOfBirth, neighbourhood AS Neighbourhood, interests AS Interests, hours_per_week AS HoursPerWeek,
        days AS Days, motivation AS Motivation, opportunity_ids AS OpportunityIds, consent_version AS ConsentVersion,
        consent_at AS ConsentAt, contacted_at AS ContactedAt, contact_note AS ContactNote, decided_at AS DecidedAt,
        decline_reason AS DeclineReason, volunteer_id AS VolunteerId, created_at AS CreatedAt, updated_at AS UpdatedAt, version AS Version
        """;

    public static RouteGroupBuilder MapApplications(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/applications").WithTags("Applications");

        group.MapPost("/", Create).WithName("CreateApplication").Public()
            .WithSummary("Apply to become a volunteer (public)")
            .WithDescription("Anonymous (or with a website key, for a server-side form), rate limited per client, CORS for the configured " +
                "origins. consent must be true; the privacy statement's version and the instant are recorded. At least one of email and " +
                "phone. No BSN is asked. Answers only {id, status}: the public never reads an application back. A filled honeypot field " +
                "(website) is answered 201 the same way and nothing is stored. Audited as application.created, without personal data.")
            .Produces<ApplicationReceipt>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/", List).WithName("ListApplications").RequireAuthorization(Policies.Coordinator)
            .WithSummary("List applications")
            .WithDescription("Oldest first, cursor paged; ?status= narrows to one status (new: the call-back queue).")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/{id:long}", Get).WithName("GetApplication").RequireAuthorization(Policies.Coordinator)
            .WithSummary("Get an application")
            .WithDescription("Erased applications (declined or withdrawn, past Applications:RetentionDays) are gone: 404.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        ApplicationDecisions.Map(group);
        return group;
    }

    internal sealed class Row
    {
        public long Id { get; init; }
        public ApplicationStatus Status { get; set; }
        public string? FirstName { get; init; }
        public string? LastName { get; init; }
        public string? Email { get; init; }
        public string? Phone { get; init; }
        public LocalDate? DateOfBirth { get; init; }
        public string? Neighbourhood { get; init; }
        public string Interests { get; init; } = "[]";
        public int? HoursPerWeek { get; init; }
        public string Days { get; init; } = "[]";
        public string? Motivation { get; init; }
        public string OpportunityIds { get; init; } = "[]";
        public required string ConsentVersion { get; init; }
        public Instant ConsentAt { get; init; }
        public Instant? ContactedAt { get; set; }
        public string? ContactNote { get; set; }
        public Instant? DecidedAt { get; set; }
        public string? DeclineReason { get; set; }
        public long? VolunteerId { get; set; }
        public Instant CreatedAt { get; init; }
        public Instant UpdatedAt { get; set; }
        public int Version { get; set; }

        public ApplicationResponse ToResponse() => this.Adapt<ApplicationResponse>(Mappings.Config);
    }

    internal static Availability AvailabilityOf(Row row) =>
        new(row.HoursPerWeek, Tags.FromJson<string>(row.Days).Select(d => Enum.Parse<Weekday>(d, ignoreCase: true)).ToList());

    private static async Task<Created<ApplicationReceipt>> Create(CreateApplicationRequest request, HttpContext http, Db db, IClock clock,
        IOptions<ApplicationSettings> settings, CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(request.Website))
        {
            // A bot: it must not learn that it was recognised, so the answer looks like any other; nothing is stored.
            var decoy = Random.Shared.NextInt64(1000, 1_000_000);
            return TypedResults.Created($"/v1/applications/{decoy}", new ApplicationReceipt(decoy, ApplicationStatus.New));
        }
        var checks = new Checks()
            .NotBlank(request.FirstName, "firstName")
            .NotBlank(request.LastName, "lastName")
            .Require(request.Consent, "consent", "Consent to the privacy statement is required (true).")
            .Require(!string.IsNullOrWhiteSpace(request.Email) || !string.IsNullOrWhiteSpace(request.Phone), "email",
                "Give an e-mail address or a phone number (or both), so a coordinator can reach you.")
            .Require(string.IsNullOrWhiteSpace(request.Email) || Emails.IsValid(request.Email.Trim()), "email", "Not a valid e-mail address.")
            .Date(request.DateOfBirth, "dateOfBirth")
            .Require(request.DateOfBirth is null || request.DateOfBirth < Today.In(clock), "dateOfBirth", "The date of birth must lie in the past.")
            .Require(request.Availability?.Days is null || request.Availability.Days.Distinct().Count() == request.Availability.Days.Count,
                "availability.days", "Name each day at most once.")
            .Require(request.OpportunityIds is null || request.OpportunityIds.All(id => id > 0), "opportunityIds", "Opportunity ids are positive.");
        var interests = Tags.Normalise(request.Interests, "interests", checks);
        checks.ThrowIfAny();
        var opportunityIds = (request.OpportunityIds ?? []).Distinct().Order().ToList();
        var now = clock.GetCurrentInstant();
        var caller = http.User.Identity?.IsAuthenticated == true ? Caller.From(http.User) : null;
        var row = new
        {
            FirstName = request.FirstName.Trim(), LastName = request.LastName.Trim(), Email = Patch.Text(request.Email, null),
            Phone = Patch.Text(request.Phone, null), request.DateOfBirth, Neighbourhood = Patch.Text(request.Neighbourhood, null),
            Interests = Tags.ToJson(interests), request.Availability?.HoursPerWeek,
            Days = Tags.ToJson((request.Availability?.Days ?? []).Select(EnumTypeHandlers.Name).ToList()),
            Motivation = Patch.Text(request.Motivation, null), OpportunityIds = Tags.ToJson(opportunityIds),
            ConsentVersion = settings.Value.PrivacyStatementVersion, Now = now, KeyId = caller?.KeyId,
        };
        var id = await db.WriteAsync(async (c, tx, token) =>
        {
            if (opportunityIds.Count > 0)
            {
                // Only published openings can be applied for; a draft is as unknown as a missing one.
                var published = (await c.QueryAsync<long>(new CommandDefinition(
                    $"SELECT id FROM opportunities WHERE status = 'published' AND id IN ({db.Dialect.JsonValues("@ids")})",
                    new { ids = row.OpportunityIds }, tx, cancellationToken: token))).ToHashSet();
                var unknown = opportunityIds.Where(o => !published.Contains(o)).ToList();
                if (unknown.Count > 0)
                {
                    throw ApiProblemException.Validation("opportunityIds", $"No published opportunity has id {string.Join(", ", unknown)}.");
                }
            }
            var id = await c.ExecuteScalarAsync<long>(new CommandDefinition(
                "INSERT INTO applications (status, first_name, last_name, email, phone, date_of_birth, neighbourhood, interests, hours_per_week, " +
                "days, motivation, opportunity_ids, consent_version, consent_at, via_key_id, created_at, updated_at, version) VALUES ('new', " +
                "@FirstName, @LastName, @Email, @Phone, @DateOfBirth, @Neighbourhood, @Interests, @HoursPerWeek, @Days, @Motivation, " +
                "@OpportunityIds, @ConsentVersion, @Now, @KeyId, @Now, @Now, 1);" + db.Dialect.SelectInsertedId, row, tx, cancellationToken: token));
            // No personal data in the trail: it outlives the application's erasure.
            await AuditTrail.WriteAsync(c, tx, caller, "application.created", "application", id,
                new { after = new { status = ApplicationStatus.New, consentVersion = row.ConsentVersion } }, now, token);
            return id;
        }, ct);
        return TypedResults.Created($"/v1/applications/{id}", new ApplicationReceipt(id, ApplicationStatus.New));
    }

    public sealed record ListQuery(
        [FromQuery(Name = "status"), EnumQuery(typeof(ApplicationStatus))] string? Status,
        [FromQuery(Name = "limit")] int? Limit,
        [FromQuery(Name = "cursor")] string? Cursor);

    internal static string ListSql(bool byStatus, SqlDialect dialect) =>
        new KeysetPage().When(byStatus, "status = @status").Sql($"SELECT {Columns} FROM applications", dialect);

    /// <summary>The applications that became a volunteer (ix_applications_volunteer): the AVG export's.</summary>
    internal static string VolunteerListSql(SqlDialect dialect) =>
        new KeysetPage().When(true, "volunteer_id = @volunteer").Sql($"SELECT {Columns} FROM applications", dialect);

    private static async Task<Ok<Page<ApplicationResponse>>> List([AsParameters] ListQuery query, Db db, CancellationToken ct)
    {
        var (limit, after) = new PageQuery(query.Limit, query.Cursor).Resolve();
        var status = EnumQuery.Parse<ApplicationStatus>(query.Status, "status");
        var rows = await db.ReadAsync(async (c, token) => (await c.QueryAsync<Row>(new CommandDefinition(
            ListSql(status is not null, db.Dialect), new { after, status, take = limit + 1 }, cancellationToken: token))).AsList(), ct);
        return TypedResults.Ok(Paging.ToPage(rows, limit, r => r.Id, r => r.ToResponse()));
    }

    internal static Task<Row?> Find(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction? tx, SqlDialect dialect, long id, CancellationToken ct) =>
        c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM {(tx is null ? "applications" : dialect.Locked("applications"))} WHERE id = @id", new { id }, tx, cancellationToken: ct));

    private static async Task<Ok<ApplicationResponse>> Get(long id, HttpContext http, Db db, CancellationToken ct)
    {
        var row = await db.ReadAsync((c, token) => Find(c, null, db.Dialect, id, token), ct) ?? throw ApiProblemException.NotFound("application");
        ETags.Set(http, row.Version);
        return TypedResults.Ok(row.ToResponse());
    }
}
