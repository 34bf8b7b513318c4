using System.Data.Common;
using Burgerbaan.Api.Allowance;
using Burgerbaan.Api.Audit;
using Burgerbaan.Api.Auth;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Api.Sponsors;
using Burgerbaan.Contracts;
using Burgerbaan.Migrations;
using Dapper;
using NodaTime;

namespace Burgerbaan.Api.Payouts;

/// <summary>What the rules need about one volunteer and month, read inside the write transaction (rows locked on SQL Server).</summary>
internal sealed record PayoutScene(long VolunteerId, bool Active, Situation Situation, IReadOnlyList<PayoutSql.AgreementRow> Agreements, Funding? Funding);

/// <summary>The one path by which a payout is booked, for single payouts and payout runs alike.</summary>
internal static class PayoutWriter
{
    private sealed class VolunteerRow
    {
        public LocalDate DateOfBirth { get; init; }
        public bool Active { get; init; }
        public long? CountedYear { get; init; }
        public long? CountedMonth { get; init; }
        public long? OutsideYear { get; init; }
        public long? OutsideMonth { get; init; }
    }

    // On SQLite the write transaction is already exclusive, so the volunteer and both running totals come in one
    // statement; SQL Server reads each with its own lock hint.
    private const string SqliteVolunteerAndTotals =
        "SELECT v.date_of_birth AS DateOfBirth, v.active AS Active, " +
        "(SELECT counted_cents + outside_cents FROM allowance_year_totals WHERE volunteer_id = v.id AND year = @year) AS CountedYear, " +
        "(SELECT counted_cents + outside_cents FROM allowance_month_totals WHERE volunteer_id = v.id AND period = @period) AS CountedMonth, " +
        "(SELECT outside_cents FROM allowance_year_totals WHERE volunteer_id = v.id AND year = @year) AS OutsideYear, " +
        "(SELECT outside_cents FROM allowance_month_totals WHERE volunteer_id = v.id AND period = @period) AS OutsideMonth " +
        "FROM volunteers v WHERE v.id = @volunteerId";

    /// <summary>
    /// SQLite: the four reads of <see cref="LoadAsync"/> (the volunteer with both running totals, the year's limits, the
    /// agreements touching the year, the month's sponsorship) in one statement, each part the text of its own read (the
    /// last three as SQL Server runs them alone) as a subquery that fills its own columns after the part number: one
    /// execution instead of four on the writer loop, which is the bound of payout throughput (issue 12). It pays only
    /// because the sponsorship read's limit does not make SQLite prepare the statement again (<see cref="SqlDialect.Limit"/>).
    /// Part 0 is the volunteer (date of birth, active, year total, month total, year and month outside parts); 1 the
    /// limits (year, annual, monthly, hourly, under-21 hourly); 2 an agreement (id, start, end, hourly rate, annual
    /// budget); 3 the sponsorship (id, budget, drawn). A compound SELECT keeps no order between or within its parts, so
    /// the agreements are put in their order (start date) here.
    /// </summary>
    private static readonly string SqliteScene =
        "SELECT 0 AS part, DateOfBirth, Active, CountedYear, CountedMonth, OutsideYear, OutsideMonth FROM (" + SqliteVolunteerAndTotals + ") " +
        "UNION ALL SELECT 1, Year, AnnualCents, MonthlyCents, HourlyCents, HourlyUnder21Cents, NULL " +
        "FROM (SELECT " + LimitsSql.LimitsColumns + " FROM allowance_limits WHERE year = @year) " +
        "UNION ALL SELECT 2, Id, StartDate, EndDate, HourlyRateCents, AnnualBudgetCents, NULL FROM (" + PayoutSql.AgreementsInYearSql + ") " +
        "UNION ALL SELECT 3, SponsorshipId, BudgetCents, DrawnCents, NULL, NULL, NULL FROM (" + MoneyFunding.ForMonthSql(new SqlDialect(DatabaseProvider.Sqlite)) + ")";

    public static Task<PayoutScene?> LoadAsync(DbConnection c, DbTransaction tx, SqlDialect d, long volunteerId, YearMonth period, CancellationToken ct) =>
        d.IsSqlite ? LoadSqliteAsync(c, tx, volunteerId, period, ct) : LoadEachAsync(c, tx, d, volunteerId, period, ct);

    /// <summary>SQL Server: each read its own statement with its own lock hint (and the tests' reference for <see cref="LoadSqliteAsync"/>).</summary>
    internal static async Task<PayoutScene?> LoadEachAsync(DbConnection c, DbTransaction tx, SqlDialect d, long volunteerId, YearMonth period, CancellationToken ct)
    {
        var found = await c.QuerySingleOrDefaultAsync<VolunteerRow>(
            new CommandDefinition($"SELECT date_of_birth AS DateOfBirth, active AS Active FROM {d.Locked("volunteers")} WHERE id = @volunteerId",
                new { volunteerId }, tx, cancellationToken: ct));
        if (found is null)
        {
            return null;
        }
        var limits = await LimitsSql.Limits(c, tx, period.Year, ct);
        var agreements = await PayoutSql.AgreementsInYear(c, tx, volunteerId, period.Year, ct);
        var countedYear = await PayoutSql.CountedYear(c, tx, d, volunteerId, period.Year, ct);
        var countedMonth = await PayoutSql.CountedMonth(c, tx, d, volunteerId, period, ct);
        var situation = new Situation(found.DateOfBirth, limits?.ToLimits(), agreements.Select(a => a.ToTerms()).ToList(),
            countedYear.All, countedMonth.All, countedYear.Outside, countedMonth.Outside);
        var funding = await MoneyFunding.ForMonthAsync(c, tx, d, volunteerId, period, ct);
        return new PayoutScene(volunteerId, found.Active, situation, agreements, funding);
    }

    internal static async Task<PayoutScene?> LoadSqliteAsync(DbConnection c, DbTransaction tx, long volunteerId, YearMonth period, CancellationToken ct)
    {
        VolunteerRow? found = null;
        Limits? limits = null;
        var agreements = new List<PayoutSql.AgreementRow>();
        Funding? funding = null;
        var command = new CommandDefinition(SqliteScene, new
        {
            volunteerId,
            year = period.Year,
            period,
            yearFirst = new LocalDate(period.Year, 1, 1),
            yearLast = new LocalDate(period.Year, 12, 31),
            first = AllowanceRules.FirstDay(period),
            last = AllowanceRules.LastDay(period),
            take = 1,
        }, tx, cancellationToken: ct);
        await using (var r = await c.ExecuteReaderAsync(command))
        {
            while (await r.ReadAsync(ct))
            {
                switch (r.GetInt32(0))
                {
                    case 0:
                        found = new VolunteerRow
                        {
                            DateOfBirth = RowReader.Date(r, 1),
                            Active = r.GetBoolean(2),
                            CountedYear = RowReader.NullableInt64(r, 3),
                            CountedMonth = RowReader.NullableInt64(r, 4),
                            OutsideYear = RowReader.NullableInt64(r, 5),
                            OutsideMonth = RowReader.NullableInt64(r, 6),
                        };
                        break;
                    case 1:
                        limits = new Limits(r.GetInt32(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5));
                        break;
                    case 2:
                        agreements.Add(new PayoutSql.AgreementRow
                        {
                            Id = r.GetInt64(1),
                            StartDate = RowReader.Date(r, 2),
                            EndDate = RowReader.Date(r, 3),
                            HourlyRateCents = RowReader.NullableInt64(r, 4),
                            AnnualBudgetCents = RowReader.NullableInt64(r, 5),
                        });
                        break;
                    default:
                        funding = new Funding(r.GetInt64(1), r.GetInt64(2), r.GetInt64(3));
                        break;
                }
            }
        }
        if (found is null)
        {
            return null;
        }
        // The order the agreements' own statement gives (start date); the id settles a tie the same way on every read.
        agreements.Sort((a, b) => a.StartDate != b.StartDate ? a.StartDate.CompareTo(b.StartDate) : a.Id.CompareTo(b.Id));
        var situation = new Situation(found.DateOfBirth, limits, agreements.Select(a => a.ToTerms()).ToList(),
            found.CountedYear ?? 0, found.CountedMonth ?? 0, found.OutsideYear ?? 0, found.OutsideMonth ?? 0);
        return new PayoutScene(volunteerId, found.Active, situation, agreements, funding);
    }

    /// <summary>
    /// Books a payout the rules accepted: moves the running totals (conditional updates, the race
    /// backstop), inserts the row, links the hour entries it pays and writes the audit row.
    /// </summary>
    public static async Task<PayoutSql.Row> BookAsync(DbConnection c, DbTransaction tx, SqlDialect d, Caller caller, PayoutScene scene,
        Proposal proposal, string? description, string? receiptReference, IReadOnlyCollection<long> hourEntryIds, long? payoutRunId, long createdByKeyId,
        Instant now, CancellationToken ct)
    {
        if (!scene.Active)
        {
            throw VolunteerInactive(scene.VolunteerId);
        }
        if (AllowanceRules.Counts(proposal.Kind))
        {
            var limits = scene.Situation.Limits!;
            var cap = AllowanceRules.EffectiveAnnualCapCents(limits, scene.Situation.AgreementsInYear);
            if (!await PayoutSql.TryAdd(c, tx, d, scene.VolunteerId, proposal.Period, proposal.AmountCents, cap, limits.MonthlyCents, ct))
            {
                // Only reachable when the totals moved after they were read: judge again against the fresh totals.
                var year = await PayoutSql.CountedYear(c, tx, d, scene.VolunteerId, proposal.Period.Year, ct);
                var month = await PayoutSql.CountedMonth(c, tx, d, scene.VolunteerId, proposal.Period, ct);
                var fresh = scene.Situation with
                {
                    CountedYearCents = year.All, CountedMonthCents = month.All, OutsideYearCents = year.Outside, OutsideMonthCents = month.Outside,
                };
                var again = AllowanceRules.Evaluate(proposal, fresh);
                throw Refusal(again.Accepted ? new Verdict(AllowanceRules.AnnualCapExceeded, "The running totals changed while this payout was booked; retry.") : again);
            }
        }
        var sponsorshipId = await MoneyFunding.DrawAsync(c, tx, scene.Funding, proposal.Kind, proposal.AmountCents, ct);
        var first = AllowanceRules.FirstDay(proposal.Period);
        var last = AllowanceRules.LastDay(proposal.Period);
        var row = new PayoutSql.Row
        {
            VolunteerId = scene.VolunteerId,
            AgreementId = scene.Agreements.First(a => a.ToTerms().Overlaps(first, last)).Id,
            Kind = proposal.Kind,
            AmountCents = proposal.AmountCents,
            Period = proposal.Period,
            Status = PayoutStatus.Pending,
            Description = description,
            ReceiptReference = receiptReference,
            CreatedAt = now,
            UpdatedAt = now,
            Version = 1,
            PayoutRunId = payoutRunId,
            SponsorshipId = sponsorshipId,
            CreatedByKeyId = createdByKeyId,
        };
        row.Id = await c.ExecuteScalarAsync<long>(new CommandDefinition(
            "INSERT INTO payouts (volunteer_id, agreement_id, kind, amount_cents, period, status, description, receipt_reference, created_at, updated_at, version, payout_run_id, sponsorship_id, created_by_key_id) " +
            "VALUES (@VolunteerId, @AgreementId, @Kind, @AmountCents, @Period, @Status, @Description, @ReceiptReference, @CreatedAt, @UpdatedAt, @Version, @PayoutRunId, @SponsorshipId, @CreatedByKeyId);" +
            d.SelectInsertedId,
            row, tx, cancellationToken: ct));
        if (hourEntryIds.Count > 0)
        {
            var linked = await c.ExecuteAsync(new CommandDefinition(
                "UPDATE hour_entries SET payout_id = @payoutId WHERE id IN @ids AND payout_id IS NULL AND status = 'approved' AND volunteer_id = @volunteerId",
                new { payoutId = row.Id, ids = hourEntryIds.ToArray(), volunteerId = scene.VolunteerId }, tx, cancellationToken: ct));
            if (linked != hourEntryIds.Count)
            {
                throw AlreadyPaid(hourEntryIds.ToList());
            }
        }
        await AuditTrail.WriteAsync(c, tx, caller, "payout.created", "payout", row.Id,
            new { after = new { row.Status, row.Kind, row.AmountCents, period = AllowanceRules.Iso(row.Period), row.VolunteerId, hourEntries = hourEntryIds.Count, row.PayoutRunId, row.SponsorshipId } }, now, ct);
        return row;
    }

    public const string HourEntryAlreadyPaid = "hour_entry_already_paid";
    public const string HourEntryNotApproved = "hour_entry_not_approved";
    public const string VolunteerInactiveCode = "volunteer_inactive";

    public static ApiProblemException AlreadyPaid(IReadOnlyList<long> ids) =>
        new(StatusCodes.Status422UnprocessableEntity, HourEntryAlreadyPaid, "Hours already paid",
            "An hour entry is already paid by a payout that is not cancelled or rejected.", new Dictionary<string, object?> { ["hourEntryIds"] = ids });

    public static ApiProblemException NotApproved(IReadOnlyList<long> ids) =>
        new(StatusCodes.Status422UnprocessableEntity, HourEntryNotApproved, "Hours not approved",
            "Only approved hour entries can be paid; a coordinator approves them first.", new Dictionary<string, object?> { ["hourEntryIds"] = ids });

    public static ApiProblemException VolunteerInactive(long volunteerId) =>
        new(StatusCodes.Status422UnprocessableEntity, VolunteerInactiveCode, "Volunteer inactive",
            $"Volunteer {volunteerId} is deactivated; payouts are refused until a coordinator reactivates them.");

    /// <summary>A 422 problem with the rule's code and the figures behind it.</summary>
    public static ApiProblemException Refusal(Verdict verdict)
    {
        var extensions = new Dictionary<string, object?>();
        if (verdict.LimitCents is { } limit)
        {
            extensions["limitCents"] = limit;
        }
        if (verdict.HeadroomCents is { } headroom)
        {
            extensions["headroomCents"] = headroom;
        }
        return new ApiProblemException(StatusCodes.Status422UnprocessableEntity, verdict.Code!, "Payout refused", verdict.Detail!, extensions);
    }
}
