using System.ComponentModel.DataAnnotations;
using NodaTime;

namespace Burgerbaan.Contracts;

/// <summary>The allowance agreement with the cooperative. Agreements of one volunteer never overlap.</summary>
/// <param name="HourlyRateCents">The agreed rate per hour, if the allowance is paid for hours.</param>
/// <param name="AnnualBudgetCents">A budget below the legal annual limit; the lower of the two caps.</param>
public sealed record CreateAgreementRequest(
    LocalDate StartDate,
    LocalDate EndDate,
    [property: Range(1, 100_000)] long? HourlyRateCents = null,
    [property: Range(1, 100_000_000)] long? AnnualBudgetCents = null);

/// <param name="Months">How many months to add to the end date (1 to 36).</param>
public sealed record ExtendAgreementRequest([property: Range(1, 36)] int Months);

public sealed record AgreementResponse(
    long Id,
    long VolunteerId,
    LocalDate StartDate,
    LocalDate EndDate,
    long? HourlyRateCents,
    long? AnnualBudgetCents,
    Instant CreatedAt,
    Instant UpdatedAt);
