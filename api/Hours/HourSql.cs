using System.Data.Common;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Contracts;
using Mapster;
using NodaTime;

namespace Burgerbaan.Api.Hours;

internal static class HourSql
{
    /// <summary>
    /// An approved entry is paid while a payout that counts (pending, approved or paid) pays for it; an entry whose
    /// payout was cancelled or rejected is approved again (those transitions also clear payout_id).
    /// </summary>
    public const string IsPaid =
        "(hour_entries.status = 'approved' AND EXISTS (SELECT 1 FROM payouts paying WHERE paying.id = hour_entries.payout_id " +
        "AND paying.status IN ('pending', 'approved', 'paid')))";

    public const string Columns = "CASE WHEN " + IsPaid + " THEN 1 ELSE 0 END AS Paid, " + """
        id AS Id, external_id AS ExternalId, placement_id AS PlacementId, organisation_id AS OrganisationId,
        volunteer_id AS VolunteerId, date AS Date, minutes AS Minutes, description AS Description, status AS Status,
        reject_reason AS RejectReason, payout_id AS PayoutId, version AS Version
        """;

    internal sealed class Row
    {
        public long Id { get; init; }
        public required string ExternalId { get; init; }
        public long PlacementId { get; init; }
        public long OrganisationId { get; init; }
        public long VolunteerId { get; init; }
        public LocalDate Date { get; init; }
        public int Minutes { get; init; }
        public string? Description { get; init; }
        public HourStatus Status { get; init; }
        public string? RejectReason { get; init; }
        public long? PayoutId { get; init; }
        public int Version { get; init; }
        public int Paid { get; init; }

        /// <summary>Approved, rejected or paid entries can no longer be changed by their organisation.</summary>
        public bool Locked => Status != HourStatus.Submitted || PayoutId is not null;

        public HourEntryResponse ToResponse() => this.Adapt<HourEntryResponse>(Mappings.Config);

        /// <summary>The row at the reader's position, read by ordinal in <see cref="Columns"/>' order (the list pages'
        /// path; see <see cref="RowReader"/>).</summary>
        public static Row Read(DbDataReader r) => new()
        {
            Paid = r.GetInt32(0),
            Id = r.GetInt64(1),
            ExternalId = r.GetString(2),
            PlacementId = r.GetInt64(3),
            OrganisationId = r.GetInt64(4),
            VolunteerId = r.GetInt64(5),
            Date = RowReader.Date(r, 6),
            Minutes = r.GetInt32(7),
            Description = RowReader.NullableString(r, 8),
            Status = RowReader.Enum<HourStatus>(r, 9),
            RejectReason = RowReader.NullableString(r, 10),
            PayoutId = RowReader.NullableInt64(r, 11),
            Version = r.GetInt32(12),
        };
    }

    internal sealed class PlacementRow
    {
        public long Id { get; init; }
        public long OrganisationId { get; init; }
        public long VolunteerId { get; init; }
        public LocalDate StartDate { get; init; }
        public LocalDate? EndDate { get; init; }

        public bool Covers(LocalDate date) => StartDate <= date && (EndDate is null || date <= EndDate);
    }

    internal sealed class DayTotal
    {
        public long VolunteerId { get; init; }
        public LocalDate Date { get; init; }
        public long Minutes { get; init; }

        /// <summary>
        /// The row at the reader's position, in <see cref="HourIngestion.DayTotalsSql"/>'s column order. The sum is an
        /// integer of SQLite's 64 bits, or SQL Server's <c>int</c> (SUM of an int column), hence the conversion.
        /// </summary>
        public static DayTotal Read(DbDataReader r) => new()
        {
            VolunteerId = r.GetInt64(0),
            Date = RowReader.Date(r, 1),
            Minutes = Convert.ToInt64(r.GetValue(2), System.Globalization.CultureInfo.InvariantCulture),
        };
    }
}
