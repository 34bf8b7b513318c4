using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Contracts;
using Mapster;
using NodaTime;

namespace Burgerbaan.Api.Placements;

/// <summary>
/// One volunteer's placements with their organisations' names, for the volunteer's own view (<c>GET /v1/me/placements</c>).
/// Read from (volunteer_id, id) in id order, like the placements list filtered by volunteer.
/// </summary>
internal static class VolunteerPlacements
{
    private const string Select = """
        SELECT p.id AS Id, p.organisation_id AS OrganisationId, o.name AS OrganisationName, p.start_date AS StartDate,
               p.end_date AS EndDate, p.activity AS Activity, p.hours_per_week AS HoursPerWeek
        FROM placements p JOIN organisations o ON o.id = p.organisation_id
        """;

    internal sealed class Row
    {
        public long Id { get; init; }
        public long OrganisationId { get; init; }
        public required string OrganisationName { get; init; }
        public LocalDate StartDate { get; init; }
        public LocalDate? EndDate { get; init; }
        public required string Activity { get; init; }
        public int? HoursPerWeek { get; init; }

        public MyPlacementResponse ToResponse() => this.Adapt<MyPlacementResponse>(Mappings.Config);
    }

    internal static string ListSql(SqlDialect dialect) => new KeysetPage("p.id").When(true, "p.volunteer_id = @volunteer").Sql(Select, dialect);
}
