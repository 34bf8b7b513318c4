using Burgerbaan.Api.Audit;
using Burgerbaan.Api.Auth;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Api.Website;
using Burgerbaan.Contracts;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace Burgerbaan.Api.Opportunities;

/// <summary>Creating and changing opportunities; the tags are written twice, as the row's list and as opportunity_tags rows for ?tag=.</summary>
internal static class OpportunityWrites
{
    private static void CheckHours(int? min, int? max, Checks checks) =>
        checks.Require(min is null || max is null || min <= max, "hoursPerWeekMax", "hoursPerWeekMax must not be below hoursPerWeekMin.");

    public static async Task<Created<OpportunityResponse>> Create(CreateOpportunityRequest request, HttpContext http, Db db, IClock clock, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        var checks = new Checks()
            .NotBlank(request.Title, "title")
            .NotBlank(request.Description, "description")
            .Date(request.StartDate, "startDate")
            .Require(caller.IsPartner || request.OrganisationId is not null, "organisationId", "Name the organisation the opportunity is at.")
            // Another organisation's id is refused exactly like an unknown one: a partner learns nothing about other tenants.
            .Require(!caller.IsPartner || request.OrganisationId is null || request.OrganisationId == caller.OrganisationId, "organisationId",
                "No organisation with that id is visible to this key.");
        CheckHours(request.HoursPerWeekMin, request.HoursPerWeekMax, checks);
        var tags = Tags.Normalise(request.Tags, "tags", checks);
        checks.ThrowIfAny();
        var organisationId = request.OrganisationId ?? caller.OrganisationId!.Value;
        var now = clock.GetCurrentInstant();
        var row = await db.WriteAsync(async (c, tx, token) =>
        {
            var name = await c.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
                "SELECT name FROM organisations WHERE id = @organisationId", new { organisationId }, tx, cancellationToken: token))
                ?? throw ApiProblemException.Validation("organisationId", "No organisation with that id is visible to this key.");
            var row = new OpportunityEndpoints.Row
            {
                OrganisationId = organisationId, OrganisationName = name, Title = request.Title.Trim(), Description = request.Description.Trim(),
                Tags = Tags.ToJson(tags), Neighbourhood = Patch.Text(request.Neighbourhood, null), HoursPerWeekMin = request.HoursPerWeekMin,
                HoursPerWeekMax = request.HoursPerWeekMax, StartDate = request.StartDate, PlacesWanted = request.PlacesWanted,
                Status = request.Status, CreatedAt = now, UpdatedAt = now, Version = 1,
            };
            var id = await c.ExecuteScalarAsync<long>(new CommandDefinition(
                "INSERT INTO opportunities (organisation_id, title, description, tags, neighbourhood, hours_min, hours_max, start_date, places_wanted, " +
                "status, created_at, updated_at, version) VALUES (@OrganisationId, @Title, @Description, @Tags, @Neighbourhood, @HoursPerWeekMin, " +
                "@HoursPerWeekMax, @StartDate, @PlacesWanted, @Status, @CreatedAt, @UpdatedAt, 1);" + db.Dialect.SelectInsertedId, row, tx, cancellationToken: token));
            await WriteTags(c, tx, id, tags, token);
            var audited = row.Audited();
            audited["organisationId"] = organisationId;
            await AuditTrail.WriteAsync(c, tx, caller, "opportunity.created", "opportunity", id, AuditSummary.Created(audited), now, token);
            return new OpportunityEndpoints.Row
            {
                Id = id, OrganisationId = row.OrganisationId, OrganisationName = name, Title = row.Title, Description = row.Description, Tags = row.Tags,
                Neighbourhood = row.Neighbourhood, HoursPerWeekMin = row.HoursPerWeekMin, HoursPerWeekMax = row.HoursPerWeekMax,
                StartDate = row.StartDate, PlacesWanted = row.PlacesWanted, Status = row.Status, CreatedAt = now, UpdatedAt = now, Version = 1,
            };
        }, ct);
        ETags.Set(http, 1);
        return TypedResults.Created($"/v1/opportunities/{row.Id}", row.ToResponse());
    }

    public static async Task<Ok<OpportunityResponse>> Update(long id, UpdateOpportunityRequest request, HttpContext http, Db db, IClock clock, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        var checks = new Checks().NotBlank(request.Title, "title").NotBlank(request.Description, "description").Date(request.StartDate, "startDate");
        var tags = request.Tags is null ? null : Tags.Normalise(request.Tags, "tags", checks);
        checks.ThrowIfAny();
        var row = await db.WriteAsync(async (c, tx, token) =>
        {
            var row = await OpportunityEndpoints.Find(c, tx, db.Dialect, id, token);
            if (row is null || (caller.IsPartner && row.OrganisationId != caller.OrganisationId))
            {
                throw ApiProblemException.NotFound("opportunity");
            }
            ETags.Require(http, row.Version);
            var before = row.Audited();
            row.Title = request.Title?.Trim() ?? row.Title;
            row.Description = request.Description?.Trim() ?? row.Description;
            row.Tags = tags is null ? row.Tags : Tags.ToJson(tags);
            row.Neighbourhood = Patch.Text(request.Neighbourhood, row.Neighbourhood);
            row.HoursPerWeekMin = request.HoursPerWeekMin ?? row.HoursPerWeekMin;
            row.HoursPerWeekMax = request.HoursPerWeekMax ?? row.HoursPerWeekMax;
            row.StartDate = request.StartDate ?? row.StartDate;
            row.PlacesWanted = request.PlacesWanted ?? row.PlacesWanted;
            row.Status = request.Status ?? row.Status;
            row.UpdatedAt = clock.GetCurrentInstant();
            var hours = new Checks();
            CheckHours(row.HoursPerWeekMin, row.HoursPerWeekMax, hours);
            hours.ThrowIfAny();
            ETags.RequireUpdated(await c.ExecuteAsync(new CommandDefinition(
                "UPDATE opportunities SET title = @Title, description = @Description, tags = @Tags, neighbourhood = @Neighbourhood, " +
                "hours_min = @HoursPerWeekMin, hours_max = @HoursPerWeekMax, start_date = @StartDate, places_wanted = @PlacesWanted, " +
                "status = @Status, updated_at = @UpdatedAt, version = version + 1 WHERE id = @Id AND version = @Version", row, tx, cancellationToken: token)));
            if (tags is not null)
            {
                await c.ExecuteAsync(new CommandDefinition("DELETE FROM opportunity_tags WHERE opportunity_id = @id", new { id }, tx, cancellationToken: token));
                await WriteTags(c, tx, id, tags, token);
            }
            if (AuditSummary.Changed(before, row.Audited()) is { } change)
            {
                await AuditTrail.WriteAsync(c, tx, caller, "opportunity.changed", "opportunity", id, change, row.UpdatedAt, token);
            }
            row.Version++;
            return row;
        }, ct);
        ETags.Set(http, row.Version);
        return TypedResults.Ok(row.ToResponse());
    }

    private static Task WriteTags(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, long id, List<string> tags, CancellationToken ct) =>
        tags.Count == 0
            ? Task.CompletedTask
            : c.ExecuteAsync(new CommandDefinition("INSERT INTO opportunity_tags (opportunity_id, tag) VALUES (@id, @tag)",
                tags.Select(tag => new { id, tag }), tx, cancellationToken: ct));
}
