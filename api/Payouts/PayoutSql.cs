using System.Data.Common;
using Burgerbaan.Api.Allowance;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Contracts;
using Burgerbaan.Migrations;
using Dapper;
using Mapster;
using NodaTime;

namespace Burgerbaan.Api.Payouts;

/// <summary>The payout rows and the running totals they move. Every method runs inside the caller's transaction.</summary>
internal static class PayoutSql
{
    public const string Columns = """
        id AS Id, volunteer_id AS VolunteerId, agreement_id AS AgreementId, kind AS Kind, amount_cents AS AmountCents,
        period AS Period, status AS Status, description AS Description, receipt_reference AS ReceiptReference,
        created_at AS CreatedAt, updated_at AS UpdatedAt, version AS Version, payout_run_id AS PayoutRunId, sponsorship_id AS SponsorshipId,
        payee_name AS PayeeName, payee_iban AS PayeeIban, created_by_key_id AS CreatedByKeyId
        """;

    internal sealed class Row
    {
        public long Id { get; set; }
        public long VolunteerId { get; init; }
        public long AgreementId { get; init; }
        public PayoutKind Kind { get; init; }
        public long AmountCents { get; init; }
        public YearMonth Period { get; init; }
        public PayoutStatus Status { get; set; }
        public string? Description { get; init; }
        public string? ReceiptReference { get; init; }
        public Instant CreatedAt { get; init; }
        public Instant UpdatedAt { get; set; }
        public int Version { get; set; }
        public long? PayoutRunId { get; init; }
        public long? SponsorshipId { get; init; }
        public string? PayeeName { get; set; }
        public string? PayeeIban { get; set; }

        /// <summary>The key that created the payout (a run's payouts: the key that started the run); null before migration 0015.</summary>
        public long? CreatedByKeyId { get; init; }

        public PayoutResponse ToResponse() => this.Adapt<PayoutResponse>(Mappings.Config);

        /// <summary>The row at the reader's position, read by ordinal in <see cref="Columns"/>' order (the list pages'
        /// path; see <see cref="RowReader"/>).</summary>
        public static Row Read(DbDataReader r) => new()
        {
            Id = r.GetInt64(0),
            VolunteerId = r.GetInt64(1),
            AgreementId = r.GetInt64(2),
            Kind = RowReader.Enum<PayoutKind>(r, 3),
            AmountCents = r.GetInt64(4),
            Period = RowReader.Month(r, 5),
            Status = RowReader.Enum<PayoutStatus>(r, 6),
            Description = RowReader.NullableString(r, 7),
            ReceiptReference = RowReader.NullableString(r, 8),
            CreatedAt = RowReader.Instant(r, 9),
            UpdatedAt = RowReader.Instant(r, 10),
            Version = r.GetInt32(11),
            PayoutRunId = RowReader.NullableInt64(r, 12),
            SponsorshipId = RowReader.NullableInt64(r, 13),
            PayeeName = RowReader.NullableString(r, 14),
            PayeeIban = RowReader.NullableString(r, 15),
            CreatedByKeyId = RowReader.NullableInt64(r, 16),
        };
    }

    internal sealed class AgreementRow
    {
        public long Id { get; init; }
        public LocalDate StartDate { get; init; }
        public LocalDate EndDate { get; init; }
        public long? HourlyRateCents { get; init; }
        public long? AnnualBudgetCents { get; init; }

        public AgreementTerms ToTerms() => new(StartDate, EndDate, HourlyRateCents, AnnualBudgetCents);
    }

    /// <summary>Agreements of the volunteer that touch the calendar year.</summary>
    public static async Task<List<AgreementRow>> AgreementsInYear(DbConnection c, DbTransaction? tx, long volunteerId, int year, CancellationToken ct) =>
        (await c.QueryAsync<AgreementRow>(new CommandDefinition(AgreementsInYearSql,
            new { volunteerId, yearFirst = new LocalDate(year, 1, 1), yearLast = new LocalDate(year, 12, 31) }, tx, cancellationToken: ct))).AsList();

    /// <summary>The agreements of <c>@volunteerId</c> touching the year from <c>@yearFirst</c> to <c>@yearLast</c>, oldest first
    /// (also read inside the payout writer's one statement on SQLite).</summary>
    internal const string AgreementsInYearSql =
        "SELECT id AS Id, start_date AS StartDate, end_date AS EndDate, hourly_rate_cents AS HourlyRateCents, annual_budget_cents AS AnnualBudgetCents " +
        "FROM agreements WHERE volunteer_id = @volunteerId AND start_date <= @yearLast AND end_date >= @yearFirst ORDER BY start_date";

    /// <summary>
    /// What counts in the volunteer's year: everything (the scheme's payouts plus the allowances declared from other
    /// organisations) and the declared part alone; (0, 0) before anything counted.
    /// </summary>
    public static async Task<(long All, long Outside)> CountedYear(DbConnection c, DbTransaction? tx, SqlDialect d, long volunteerId, int year, CancellationToken ct) =>
        (await c.QueryAsync<(long, long)>(new CommandDefinition(
            $"SELECT counted_cents + outside_cents, outside_cents FROM {(tx is null ? "allowance_year_totals" : d.Locked("allowance_year_totals"))} WHERE volunteer_id = @volunteerId AND year = @year",
            new { volunteerId, year }, tx, cancellationToken: ct))).FirstOrDefault();

    /// <summary>The same for one month.</summary>
    public static async Task<(long All, long Outside)> CountedMonth(DbConnection c, DbTransaction? tx, SqlDialect d, long volunteerId, YearMonth period, CancellationToken ct) =>
        (await c.QueryAsync<(long, long)>(new CommandDefinition(
            $"SELECT counted_cents + outside_cents, outside_cents FROM {(tx is null ? "allowance_month_totals" : d.Locked("allowance_month_totals"))} WHERE volunteer_id = @volunteerId AND period = @period",
            new { volunteerId, period }, tx, cancellationToken: ct))).FirstOrDefault();

    /// <summary>
    /// Adds a counted amount to the running totals, year row first, then month row. Each update only
    /// applies while the new total stays within the cap, so even a racing writer that slipped past the
    /// rules cannot push a total over; false when either cap would be crossed. The total is the scheme's
    /// (counted_cents) plus the declared outside allowances (outside_cents, migration 0017), so a payout
    /// never adds to room a declaration took, even one recorded while this payout was being judged.
    /// </summary>
    public static async Task<bool> TryAdd(DbConnection c, DbTransaction tx, SqlDialect d, long volunteerId, YearMonth period,
        long amount, long annualCap, long monthlyCap, CancellationToken ct)
    {
        var year = period.Year;
        if (d.Provider == DatabaseProvider.Sqlite)
        {
            // One upsert per row instead of a seed insert and a conditional update: a new row starts at the amount when
            // it fits, an existing row grows only while it fits (the DO UPDATE's WHERE); 0 rows changed = over the cap.
            return await c.ExecuteAsync(new CommandDefinition(YearUpsert, new { volunteerId, year, amount, annualCap }, tx, cancellationToken: ct)) == 1
                && await c.ExecuteAsync(new CommandDefinition(MonthUpsert, new { volunteerId, period, amount, monthlyCap }, tx, cancellationToken: ct)) == 1;
        }
        await c.ExecuteAsync(new CommandDefinition(
            d.InsertIfAbsent("allowance_year_totals", "volunteer_id, year, counted_cents, cap_cents", "@volunteerId, @year, 0, @annualCap",
                "volunteer_id = @volunteerId AND year = @year"),
            new { volunteerId, year, annualCap }, tx, cancellationToken: ct));
        var yearRows = await c.ExecuteAsync(new CommandDefinition(
            "UPDATE allowance_year_totals SET counted_cents = counted_cents + @amount, cap_cents = @annualCap " +
            "WHERE volunteer_id = @volunteerId AND year = @year AND counted_cents + outside_cents + @amount <= @annualCap",
            new { volunteerId, year, amount, annualCap }, tx, cancellationToken: ct));
        if (yearRows == 0)
        {
            return false;
        }
        await c.ExecuteAsync(new CommandDefinition(
            d.InsertIfAbsent("allowance_month_totals", "volunteer_id, period, counted_cents, cap_cents", "@volunteerId, @period, 0, @monthlyCap",
                "volunteer_id = @volunteerId AND period = @period"),
            new { volunteerId, period, monthlyCap }, tx, cancellationToken: ct));
        var monthRows = await c.ExecuteAsync(new CommandDefinition(
            "UPDATE allowance_month_totals SET counted_cents = counted_cents + @amount, cap_cents = @monthlyCap " +
            "WHERE volunteer_id = @volunteerId AND period = @period AND counted_cents + outside_cents + @amount <= @monthlyCap",
            new { volunteerId, period, amount, monthlyCap }, tx, cancellationToken: ct));
        return monthRows == 1;
    }

    private const string YearUpsert =
        "INSERT INTO allowance_year_totals (volunteer_id, year, counted_cents, cap_cents) SELECT @volunteerId, @year, @amount, @annualCap WHERE @amount <= @annualCap " +
        "ON CONFLICT (volunteer_id, year) DO UPDATE SET counted_cents = counted_cents + excluded.counted_cents, cap_cents = excluded.cap_cents " +
        "WHERE counted_cents + outside_cents + excluded.counted_cents <= excluded.cap_cents";

    private const string MonthUpsert =
        "INSERT INTO allowance_month_totals (volunteer_id, period, counted_cents, cap_cents) SELECT @volunteerId, @period, @amount, @monthlyCap WHERE @amount <= @monthlyCap " +
        "ON CONFLICT (volunteer_id, period) DO UPDATE SET counted_cents = counted_cents + excluded.counted_cents, cap_cents = excluded.cap_cents " +
        "WHERE counted_cents + outside_cents + excluded.counted_cents <= excluded.cap_cents";

    /// <summary>Releases a counted amount (a cancelled or rejected payout), year row first, then month row.</summary>
    public static async Task Release(DbConnection c, DbTransaction tx, long volunteerId, YearMonth period, long amount, CancellationToken ct)
    {
        await c.ExecuteAsync(new CommandDefinition(
            "UPDATE allowance_year_totals SET counted_cents = counted_cents - @amount WHERE volunteer_id = @volunteerId AND year = @year",
            new { volunteerId, year = period.Year, amount }, tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition(
            "UPDATE allowance_month_totals SET counted_cents = counted_cents - @amount WHERE volunteer_id = @volunteerId AND period = @period",
            new { volunteerId, period, amount }, tx, cancellationToken: ct));
    }

    internal sealed class PaidDay
    {
        public long PayoutId { get; init; }
        public LocalDate Date { get; init; }
    }

    /// <summary>The days of the volunteer's hours paid by a payout that still counts (pending, approved, paid), with that payout.</summary>
    public static async Task<List<PaidDay>> PaidHourDays(DbConnection c, DbTransaction? tx, long volunteerId, CancellationToken ct) =>
        (await c.QueryAsync<PaidDay>(new CommandDefinition(
            "SELECT DISTINCT p.id AS PayoutId, h.date AS Date FROM payouts p JOIN hour_entries h ON h.payout_id = p.id " +
            "WHERE p.volunteer_id = @volunteerId AND p.status IN ('pending', 'approved', 'paid') ORDER BY p.id, h.date",
            new { volunteerId }, tx, cancellationToken: ct))).AsList();

    public static Task<Row?> Find(DbConnection c, DbTransaction? tx, SqlDialect d, long id, CancellationToken ct) =>
        c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM {(tx is null ? "payouts" : d.Locked("payouts"))} WHERE id = @id", new { id }, tx, cancellationToken: ct));

    /// <summary>
    /// Volunteers with less than 10% of the year's cap left, and of <paramref name="period"/>'s limit (the caps as of each
    /// volunteer's last payout), for the near-limit gauge of the telemetry. A scan of the year's and the month's rows.
    /// </summary>
    public static async Task<(long Annual, long Monthly)> NearLimitCounts(DbConnection c, YearMonth period, CancellationToken ct) => (
        await c.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM allowance_year_totals WHERE year = @year AND counted_cents * 10 > cap_cents * 9", new { year = period.Year }, cancellationToken: ct)),
        await c.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM allowance_month_totals WHERE period = @period AND counted_cents * 10 > cap_cents * 9", new { period }, cancellationToken: ct)));
}
