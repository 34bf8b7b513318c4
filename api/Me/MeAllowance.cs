using Burgerbaan.Api.Allowance;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace Burgerbaan.Api.SelfService;

/// <summary>
/// The volunteer's own headroom: the headroom endpoint's figures (the same read, <see cref="AllowanceEndpoints.ReadHeadroomAsync"/>)
/// and a warning where a limit is near. Crossing a limit costs a volunteer on benefits the whole allowance, so they watch it themselves.
/// </summary>
public static class MeAllowance
{
    public const string NearAnnualLimit = "near_annual_limit";
    public const string NearMonthlyLimit = "near_monthly_limit";

    internal static async Task<Ok<MyAllowanceResponse>> Get(int year, HttpContext http, Db db, LimitsCache cache, IClock clock, CancellationToken ct)
    {
        var room = await AllowanceEndpoints.ReadHeadroomAsync(MeEndpoints.Self(http), year, db, cache, ct);
        return TypedResults.Ok(new MyAllowanceResponse(room.VolunteerId, room.Year, room.LegalAnnualLimitCents, room.EffectiveAnnualCapCents,
            room.CountedCents, room.HeadroomCents, room.Months, Warnings(room, Today.In(clock))));
    }

    /// <summary>
    /// Less than a tenth of a cap left (compared in whole cents: headroom x 10 &lt; cap). The year's warning is about its effective
    /// cap (an agreement's lower budget included); the month's only about the current month, whose headroom already never exceeds the year's.
    /// </summary>
    internal static List<AllowanceWarning> Warnings(AllowanceHeadroomResponse room, LocalDate today)
    {
        var warnings = new List<AllowanceWarning>();
        if (Near(room.HeadroomCents, room.EffectiveAnnualCapCents))
        {
            warnings.Add(new AllowanceWarning(NearAnnualLimit, null, room.EffectiveAnnualCapCents, room.HeadroomCents,
                $"Less than 10% of the {room.Year} cap is left: {room.HeadroomCents} of {room.EffectiveAnnualCapCents} cents."));
        }
        var current = new YearMonth(today.Year, today.Month);
        if (room.Months.FirstOrDefault(m => m.Period == current) is { } month && Near(month.HeadroomCents, month.LimitCents))
        {
            warnings.Add(new AllowanceWarning(NearMonthlyLimit, month.Period, month.LimitCents, month.HeadroomCents,
                $"Less than 10% of the limit for {AllowanceRules.Iso(month.Period)} is left: {month.HeadroomCents} of {month.LimitCents} cents."));
        }
        return warnings;
    }

    private static bool Near(long headroomCents, long capCents) => headroomCents * 10 < capCents;
}
