using System.Data.Common;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Contracts;
using Dapper;
using NodaTime;

namespace Burgerbaan.Api.Sponsors;

/// <summary>
/// Whether a new allocation fits, decided inside the writing transaction so that racing requests cannot both pass.
/// SQLite runs writes one at a time. On SQL Server the sponsorship row is read WITH (UPDLOCK, HOLDLOCK) first, so
/// allocations of one sponsorship queue behind each other, and the volunteer's range of allocations is read with the
/// same hints (a key-range lock on (volunteer_id, start_date)), so two sponsorships cannot both place one volunteer.
/// </summary>
internal static class AllocationRules
{
    internal sealed record Place(long SponsorId);

    private sealed class Sponsorship
    {
        public long SponsorId { get; init; }
        public LocalDate StartDate { get; init; }
        public LocalDate EndDate { get; init; }
        public int Places { get; init; }
        public SponsorshipStatus Status { get; init; }
        public bool SponsorActive { get; init; }
    }

    private sealed record Span(long Id, LocalDate StartDate, LocalDate EndDate);

    public static async Task<Place> CheckAsync(DbConnection c, DbTransaction tx, SqlDialect d, long sponsorshipId, CreateAllocationRequest request,
        CancellationToken ct)
    {
        var sponsorship = await c.QuerySingleOrDefaultAsync<Sponsorship>(new CommandDefinition(
            // No alias: a T-SQL table hint follows the alias, and Locked() appends it to the table name.
            "SELECT sponsor_id AS SponsorId, start_date AS StartDate, end_date AS EndDate, places AS Places, status AS Status, " +
            "(SELECT s.active FROM sponsors s WHERE s.id = sponsorships.sponsor_id) AS SponsorActive " +
            $"FROM {d.Locked("sponsorships")} WHERE id = @sponsorshipId",
            new { sponsorshipId }, tx, cancellationToken: ct)) ?? throw ApiProblemException.NotFound("sponsorship");
        var volunteerActive = await c.ExecuteScalarAsync<bool?>(new CommandDefinition(
            "SELECT active FROM volunteers WHERE id = @VolunteerId", request, tx, cancellationToken: ct));
        var period = $"{sponsorship.StartDate:yyyy-MM-dd}..{sponsorship.EndDate:yyyy-MM-dd}";
        new Checks()
            .Require(volunteerActive is not null, "volunteerId", "No volunteer with that id.")
            .Require(request.StartDate >= sponsorship.StartDate, "startDate", $"The allocation must lie within the sponsorship's period {period}.")
            .Require(request.EndDate <= sponsorship.EndDate, "endDate", $"The allocation must lie within the sponsorship's period {period}.")
            .ThrowIfAny();
        if (sponsorship.Status == SponsorshipStatus.Cancelled)
        {
            throw ApiProblemException.Conflict($"Sponsorship {sponsorshipId} is cancelled; it funds no place.");
        }
        if (!sponsorship.SponsorActive)
        {
            throw new ApiProblemException(StatusCodes.Status422UnprocessableEntity, SponsorshipEndpoints.SponsorInactive, "Sponsor inactive",
                $"Sponsor {sponsorship.SponsorId} is deactivated; no place of its sponsorships is given until it is reactivated.");
        }
        if (volunteerActive is false)
        {
            // The code payouts use for the same state (volunteer_inactive), written here so this folder needs nothing of Payouts.
            throw new ApiProblemException(StatusCodes.Status422UnprocessableEntity, "volunteer_inactive", "Volunteer inactive",
                $"Volunteer {request.VolunteerId} is deactivated; no place is given until a coordinator reactivates them.");
        }
        var own = (await c.QueryAsync<Span>(new CommandDefinition(
            $"SELECT id AS Id, start_date AS StartDate, end_date AS EndDate FROM {d.Locked("sponsor_allocations")} " +
            "WHERE volunteer_id = @VolunteerId AND start_date <= @EndDate AND end_date >= @StartDate AND start_date <= end_date",
            request, tx, cancellationToken: ct))).Select(s => s.Id).Order().ToList();
        if (own.Count > 0)
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, ProblemCodes.Conflict, "Conflict",
                $"Volunteer {request.VolunteerId} already has allocation {string.Join(", ", own)} on a day of this range; a volunteer holds one place a day.",
                new Dictionary<string, object?> { ["allocationIds"] = own });
        }
        var taken = (await c.QueryAsync<Span>(new CommandDefinition(
            "SELECT id AS Id, start_date AS StartDate, end_date AS EndDate FROM sponsor_allocations " +
            "WHERE sponsorship_id = @sponsorshipId AND start_date <= @EndDate AND end_date >= @StartDate AND start_date <= end_date",
            new { sponsorshipId, request.StartDate, request.EndDate }, tx, cancellationToken: ct))).AsList();
        var most = Overlap.MostOnAnyDay(taken.Select(s => (s.StartDate, s.EndDate)).Append((request.StartDate, request.EndDate)),
            request.StartDate, request.EndDate);
        if (most > sponsorship.Places)
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, AllocationEndpoints.SponsorshipFull, "Sponsorship full",
                $"All {sponsorship.Places} place(s) of sponsorship {sponsorshipId} are allocated on a day of {request.StartDate:yyyy-MM-dd}.." +
                $"{request.EndDate:yyyy-MM-dd}.", new Dictionary<string, object?> { ["places"] = sponsorship.Places });
        }
        return new Place(sponsorship.SponsorId);
    }
}
