using Burgerbaan.Api.Audit;
using Burgerbaan.Api.Auth;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Api.Idempotency;
using Burgerbaan.Api.Telemetry;
using Burgerbaan.Contracts;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using NodaTime;

namespace Burgerbaan.Api.Hours;

/// <summary>Hours pushed by partner organisations, and their approval by the cooperative.</summary>
public static partial class HourEndpoints
{
    public const string RateLimitPolicy = "hours";

    public sealed record Filter(
        [FromQuery(Name = "organisationId")] long? OrganisationId,
        [FromQuery(Name = "placementId")] long? PlacementId,
        [FromQuery(Name = "volunteerId")] long? VolunteerId,
        [FromQuery(Name = "from")] string? From,
        [FromQuery(Name = "to")] string? To,
        [FromQuery(Name = "status"), EnumQuery(typeof(HourStatus))] string? Status,
        [FromQuery(Name = "limit")] int? Limit,
        [FromQuery(Name = "cursor")] string? Cursor);

    public static RouteGroupBuilder MapHours(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/hours").WithTags("Hours").RequireRateLimiting(RateLimitPolicy);

        group.MapPost("/", Submit).WithName("SubmitHours").RequireAuthorization(Policies.HourReporter)
            .WithSummary("Submit hours in bulk")
            .WithDescription("Upserts 1 to 1,000 entries by (organisation, externalId), all or nothing. The organisation comes from the placement; a partner key " +
                "may only use its own organisation's placements. The same content is a no-op; changed content updates a submitted entry; an approved, " +
                "rejected or paid entry is locked (409 hour_entry_locked with externalIds, also when it became so while the request ran). The answer is the " +
                "entries as stored. Per entry: the placement covers the date, the date is not after " +
                "today (Europe/Amsterdam) nor more than 13 months back, minutes 1..1440, description at most 500 characters, and one volunteer's total per " +
                "day over all organisations at most 24 hours; the 400 problem names every failing entry (errors[\"entries[3].date\"]). Honours Idempotency-Key.")
            .Accepts<SubmitHoursRequest>("application/json")
            .Produces<HourEntriesResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapGet("/", List).WithName("ListHours").RequireAuthorization(Policies.RegistryOrPartner)
            .WithSummary("List hour entries")
            .WithDescription("Oldest first, cursor paged; filter by organisationId, placementId, volunteerId, date range (from, to inclusive) and status (paid: approved and paid for by a pending, approved or paid payout; approved: not paid). A partner key sees its own organisation's entries only.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapPost("/{id:long}/approve", ApproveOne).WithName("ApproveHourEntry").RequireAuthorization(Policies.Coordinator)
            .WithSummary("Approve an hour entry")
            .WithDescription("submitted -> approved; anything else is a 409 conflict. Audited.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapPost("/{id:long}/reject", Reject).WithName("RejectHourEntry").RequireAuthorization(Policies.Coordinator)
            .WithSummary("Reject an hour entry")
            .WithDescription("submitted -> rejected, with a reason (required); anything else is a 409 conflict. Audited.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapPost("/approve", ApproveMany).WithName("ApproveHourEntries").RequireAuthorization(Policies.Coordinator)
            .WithSummary("Approve many hour entries")
            .WithDescription("Approves 1 to 1,000 submitted entries as a whole: an unknown id is a 404 and an entry that is not submitted a 409, naming the ids; nothing is approved then. Audited per entry.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        app.MapGet("/v1/placements/{id:long}/hours/summary", Summary).WithName("GetPlacementHoursSummary").WithTags("Hours")
            .RequireAuthorization(Policies.RegistryOrPartner)
            .WithSummary("Minutes per status of a placement in a month")
            .WithDescription("For ?month=yyyy-MM (required): submitted, approved (not yet paid), rejected and paid minutes; each entry counts under one status. A partner key gets 404 for another organisation's placement.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<IResult> Submit(SubmitHoursRequest request, HttpContext http, Db db, IClock clock, IdempotentPost idempotent,
        BusinessMetrics metrics, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        var now = clock.GetCurrentInstant();
        // Set by the unit that committed (a retried unit sets it again): what the stored answer was made of.
        HourIngestion.Tally? tally = null;
        try
        {
            var result = await idempotent.RunAsync(http, request, async (c, tx, token) =>
            {
                var (answer, counted) = await HourIngestion.UpsertAsync(c, tx, db.Dialect, caller, request, now, Today.In(clock), token);
                tally = counted;
                return new Stored(StatusCodes.Status200OK, answer);
            }, ct);
            if (tally is { } done && !http.Response.Headers.ContainsKey(IdempotentPost.ReplayedHeader))
            {
                metrics.HoursIngested(done.Inserted, done.Updated, done.Unchanged, done.Minutes);
            }
            return result;
        }
        catch (ApiProblemException refused)
        {
            metrics.HoursRefused(refused.Code);
            throw;
        }
    }

    private static async Task<Ok<Page<HourEntryResponse>>> List([AsParameters] Filter filter, HttpContext http, Db db, CancellationToken ct)
    {
        var (limit, after) = new PageQuery(filter.Limit, filter.Cursor).Resolve();
        var caller = Caller.From(http.User);
        // A partner sees its own organisation only; asking for another one gives an empty page, as for placements.
        var org = caller.IsPartner ? caller.OrganisationId : filter.OrganisationId;
        if (caller.IsPartner && filter.OrganisationId is { } asked && asked != caller.OrganisationId)
        {
            return TypedResults.Ok(new Page<HourEntryResponse>([], null));
        }
        var status = EnumQuery.Parse<HourStatus>(filter.Status, "status");
        var from = QueryValues.Date(filter.From, "from");
        var to = QueryValues.Date(filter.To, "to");
        var criteria = new ListCriteria(org, filter.PlacementId, filter.VolunteerId, from, to, status);
        var rows = await db.ReadAsync((c, token) => RowReader.ListAsync(c, new CommandDefinition(
            criteria.Sql(db.Dialect), criteria.Args(after, limit + 1), cancellationToken: token), HourSql.Row.Read), ct);
        return TypedResults.Ok(Paging.ToPage(rows, limit, r => r.Id, r => r.ToResponse()));
    }

    /// <summary>
    /// The validated filters of <c>GET /v1/hours</c>, a partner's own organisation already in <see cref="Org"/>. Indexes
    /// (organisation_id, id), (volunteer_id, id) and (placement_id, id) serve the equality filters in id order, and
    /// (organisation_id, id) WHERE status = 'submitted' an organisation's approval queue; dates and
    /// status narrow the rows read from one of them, or from the primary key when given alone (see <see cref="KeysetPage"/>).
    /// </summary>
    internal sealed record ListCriteria(long? Org, long? Placement, long? Volunteer, LocalDate? From, LocalDate? To, HourStatus? Status)
    {
        public string Sql(SqlDialect dialect) => new KeysetPage()
            .When(Org is not null, "organisation_id = @org")
            .When(Placement is not null, "placement_id = @placement")
            .When(Volunteer is not null, "volunteer_id = @volunteer")
            .When(From is not null, "date >= @from")
            .When(To is not null, "date <= @to")
            .When(Status is not null, Status switch
            {
                HourStatus.Paid => HourSql.IsPaid,
                HourStatus.Approved => $"status = 'approved' AND NOT {HourSql.IsPaid}",
                // a literal, not @status: only then may the planner use the partial index of the approval queue
                HourStatus.Submitted => "status = 'submitted'",
                _ => "status = @status",
            })
            .Sql($"SELECT {HourSql.Columns} FROM hour_entries", dialect);

        public object Args(long after, int take) => new
        {
            after, org = Org, placement = Placement, volunteer = Volunteer, from = From, to = To,
            status = Status, take,
        };
    }
}
