using System.Globalization;
using Burgerbaan.Api.Allowance;
using Burgerbaan.Contracts;
using CsvHelper;
using CsvHelper.Configuration.Attributes;

namespace Burgerbaan.Api.Statements;

/// <summary>
/// The annual statement as CSV (README, "Annual statement", lists the columns): a row per month, per declared outside allowance and a
/// year row, told apart by record_type. Money in cents; empty where a column does not apply.
/// </summary>
internal static class StatementCsv
{
    internal sealed class Row
    {
        [Name("record_type"), Index(0)] public required string RecordType { get; init; }
        [Name("volunteer_id"), Index(1)] public long VolunteerId { get; init; }
        [Name("period"), Index(2)] public required string Period { get; init; }
        [Name("legal_limit_cents"), Index(3)] public long? LegalLimitCents { get; init; }
        [Name("limit_cents"), Index(4)] public long? LimitCents { get; init; }
        [Name("scheme_cents"), Index(5)] public long? SchemeCents { get; init; }
        [Name("outside_cents"), Index(6)] public long OutsideCents { get; init; }
        [Name("counted_cents"), Index(7)] public long? CountedCents { get; init; }
        [Name("headroom_cents"), Index(8)] public long? HeadroomCents { get; init; }
        [Name("expense_cents"), Index(9)] public long? ExpenseCents { get; init; }
        [Name("over_limit"), Index(10)] public bool OverLimit { get; init; }
        [Name("outside_allowance_id"), Index(11)] public long? OutsideAllowanceId { get; init; }
        [Name("organisation_name"), Index(12)] public string? OrganisationName { get; init; }
        [Name("kind"), Index(13)] public string? Kind { get; init; }
    }

    public static string Write(AnnualStatementResponse statement)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = new CsvWriter(text, CultureInfo.InvariantCulture))
        {
            csv.WriteRecords(Rows(statement));
        }
        return text.ToString();
    }

    public static IEnumerable<Row> Rows(AnnualStatementResponse s)
    {
        foreach (var m in s.Months)
        {
            yield return new Row
            {
                RecordType = "month", VolunteerId = s.VolunteerId, Period = AllowanceRules.Iso(m.Period), LegalLimitCents = m.LimitCents, LimitCents = m.LimitCents,
                SchemeCents = m.SchemeCents, OutsideCents = m.OutsideCents, CountedCents = m.CountedCents, HeadroomCents = m.HeadroomCents,
                ExpenseCents = m.ExpenseCents, OverLimit = m.OverLimit,
            };
        }
        foreach (var o in s.OutsideAllowances)
        {
            yield return new Row
            {
                RecordType = "outside_allowance", VolunteerId = s.VolunteerId, Period = AllowanceRules.Iso(o.Period), OutsideCents = o.AmountCents,
                OverLimit = o.OverLimit, OutsideAllowanceId = o.Id, OrganisationName = o.OrganisationName, Kind = o.Kind.ToString().ToLowerInvariant(),
            };
        }
        yield return new Row
        {
            RecordType = "year", VolunteerId = s.VolunteerId, Period = s.Year.ToString(CultureInfo.InvariantCulture), LegalLimitCents = s.Limits.AnnualCents,
            LimitCents = s.EffectiveAnnualCapCents, SchemeCents = s.SchemeCents, OutsideCents = s.OutsideCents, CountedCents = s.CountedCents,
            HeadroomCents = s.HeadroomCents, ExpenseCents = s.ExpenseCents, OverLimit = !s.AllLimitsHeld,
        };
    }
}
