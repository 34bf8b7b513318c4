using System.Globalization;
using System.Net;
using System.Text;
using Burgerbaan.Api.Allowance;
using Burgerbaan.Contracts;
using static Burgerbaan.Api.Statements.AnnualStatement;

namespace Burgerbaan.Api.Statements;

/// <summary>
/// The annual statement as a printable HTML page: no scripts, no external resources (the response's Content-Security-Policy allows
/// none), every value from the database HTML-encoded, so a name or an organisation name cannot become markup.
/// </summary>
internal static class StatementHtml
{
    /// <summary>Only the page's own inline style may apply; nothing may run or load.</summary>
    public const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static string Write(AnnualStatementResponse s)
    {
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<title>Volunteer allowance statement ").Append(s.Year).Append("</title>")
            .Append("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin:1em 0}")
            .Append("th,td{border:1px solid #999;padding:.25em .6em;text-align:right}th:first-child,td:first-child{text-align:left}")
            .Append(".over{font-weight:bold}@media print{body{margin:0}}</style></head><body>\n");
        h.Append("<h1>Volunteer allowance statement ").Append(s.Year).Append("</h1>\n");
        h.Append("<p>").Append(E($"{s.FirstName} {s.LastName}")).Append(", born ").Append(E(Date(s.DateOfBirth)))
            .Append(" (volunteer ").Append(s.VolunteerId).Append(", Almeerse Burgerbaan)</p>\n");
        h.Append("<p><strong>").Append(E(s.Conclusion)).Append("</strong></p>\n");
        h.Append("<h2>Legal limits ").Append(s.Year).Append("</h2>\n<ul>")
            .Append("<li>Per year: ").Append(E(Euro(s.Limits.AnnualCents))).Append("</li>")
            .Append("<li>Per month: ").Append(E(Euro(s.Limits.MonthlyCents))).Append("</li>")
            .Append("<li>Per hour, 21 and older: ").Append(E(Euro(s.Limits.HourlyCents))).Append("; under 21: ").Append(E(Euro(s.Limits.HourlyUnder21Cents))).Append("</li>")
            .Append("</ul>\n<p>Source: ").Append(E(s.Limits.Source)).Append("</p>\n");
        if (s.EffectiveAnnualCapCents < s.Limits.AnnualCents)
        {
            h.Append("<p>The allowance agreement sets a lower annual budget: ").Append(E(Euro(s.EffectiveAnnualCapCents))).Append(".</p>\n");
        }
        h.Append("<h2>Per month</h2>\n<table><thead><tr><th>Month</th><th>Scheme</th><th>Other organisations</th><th>Counted</th>")
            .Append("<th>Monthly limit</th><th>Headroom</th><th>Expenses (not counted)</th></tr></thead><tbody>\n");
        foreach (var m in s.Months)
        {
            h.Append(m.OverLimit ? "<tr class=\"over\">" : "<tr>").Append("<td>").Append(E(AllowanceRules.Iso(m.Period))).Append("</td>")
                .Append(Cell(m.SchemeCents)).Append(Cell(m.OutsideCents)).Append(Cell(m.CountedCents)).Append(Cell(m.LimitCents))
                .Append(Cell(m.HeadroomCents)).Append(Cell(m.ExpenseCents)).Append("</tr>\n");
        }
        h.Append("<tr class=\"over\"><td>Year</td>").Append(Cell(s.SchemeCents)).Append(Cell(s.OutsideCents)).Append(Cell(s.CountedCents))
            .Append(Cell(s.EffectiveAnnualCapCents)).Append(Cell(s.HeadroomCents)).Append(Cell(s.ExpenseCents)).Append("</tr>\n</tbody></table>\n");
        h.Append("<p>Counted: allowances for time given, travel allowances and gifts of the scheme (pending, approved and paid) plus the allowances ")
            .Append("declared from other organisations. Expenses are reimbursed actual costs and count toward no limit.</p>\n");
        h.Append("<h2>Allowances declared from other organisations</h2>\n");
        if (s.OutsideAllowances.Count == 0)
        {
            h.Append("<p>None declared.</p>\n");
        }
        else
        {
            h.Append("<table><thead><tr><th>Month</th><th>Organisation</th><th>Kind</th><th>Amount</th><th>Over a limit</th></tr></thead><tbody>\n");
            foreach (var o in s.OutsideAllowances)
            {
                h.Append("<tr><td>").Append(E(AllowanceRules.Iso(o.Period))).Append("</td><td>").Append(E(o.OrganisationName)).Append("</td><td>")
                    .Append(E(o.Kind.ToString().ToLowerInvariant())).Append("</td>").Append(Cell(o.AmountCents))
                    .Append("<td>").Append(o.OverLimit ? "yes" : "no").Append("</td></tr>\n");
            }
            h.Append("</tbody></table>\n");
        }
        h.Append("<p>Drawn up on ").Append(E(s.GeneratedAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture))).Append(".</p>\n</body></html>\n");
        return h.ToString();
    }

    private static string Cell(long cents) => "<td>" + E(Euro(cents)) + "</td>";

    private static string Date(NodaTime.LocalDate date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
