using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;
using NodaTime;

namespace Burgerbaan.Contracts;

/// <summary>Who sponsors places: a company, a care organisation, a municipality, a fund or other.</summary>
public enum SponsorKind
{
    Company,
    Care,
    Municipality,
    Fund,
    Other,
}

/// <summary>A sponsorship's money: committed, invoiced, paid; or cancelled.</summary>
public enum SponsorshipStatus
{
    Committed,
    Invoiced,
    Paid,
    Cancelled,
}

/// <summary>How the volunteer gave consent to be linked to a sponsor.</summary>
[SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores",
    Justification = "The one spelling in JSON, the document and the database is in_person (issue 8, migration 0010); both naming policies keep it.")]
public enum ConsentChannel
{
    In_person,
    Email,
    Phone,
    Website,
    Letter,
}

/// <param name="Name">The person to talk to at the sponsor.</param>
public sealed record SponsorContact(
    [property: StringLength(200, MinimumLength = 1)] string Name,
    [property: EmailAddress, StringLength(254)] string? Email = null,
    [property: StringLength(32)] string? Phone = null);

/// <summary>In a PATCH: fields left out (or null) stay; an empty string clears email or phone.</summary>
public sealed record UpdateSponsorContact(
    [property: StringLength(200, MinimumLength = 1)] string? Name = null,
    [property: StringLength(254)] string? Email = null,
    [property: StringLength(32)] string? Phone = null);

/// <param name="KvkNumber">Chamber of Commerce number: exactly 8 digits, one sponsor per number.</param>
public sealed record CreateSponsorRequest(
    [property: StringLength(200, MinimumLength = 1)] string Name,
    SponsorKind Kind,
    SponsorContact Contact,
    [property: RegularExpression("^[0-9]{8}$", ErrorMessage = "kvkNumber must be exactly 8 digits.")] string? KvkNumber = null);

/// <summary>Fields left out (or null) stay as they are; <c>active: false</c> deactivates the sponsor: its keys stop
/// working and new sponsorships for it are refused.</summary>
public sealed record UpdateSponsorRequest(
    [property: StringLength(200, MinimumLength = 1)] string? Name = null,
    SponsorKind? Kind = null,
    [property: RegularExpression("^([0-9]{8})?$", ErrorMessage = "kvkNumber must be exactly 8 digits.")] string? KvkNumber = null,
    UpdateSponsorContact? Contact = null,
    bool? Active = null);

public sealed record SponsorResponse(
    long Id,
    string Name,
    SponsorKind Kind,
    string? KvkNumber,
    SponsorContact Contact,
    bool Active,
    Instant CreatedAt,
    Instant UpdatedAt);

/// <param name="TenderReference">The tender's reference, e.g. "ALM-2025-017".</param>
/// <param name="ContractingAuthority">Who imposed the obligation, e.g. "Gemeente Almere".</param>
/// <param name="ValuePerPlaceYearCents">SROI value credited per place-year; default 500000 (EUR 100,000 = 10 places x 2 years).</param>
public sealed record CreateObligationRequest(
    [property: StringLength(200, MinimumLength = 1)] string TenderReference,
    [property: StringLength(200, MinimumLength = 1)] string ContractingAuthority,
    [property: Range(1, 100_000_000_000)] long ObligationCents,
    LocalDate StartDate,
    LocalDate EndDate,
    [property: Range(1, 100_000_000)] long ValuePerPlaceYearCents = 500_000);

public sealed record UpdateObligationRequest(
    [property: StringLength(200, MinimumLength = 1)] string? TenderReference = null,
    [property: StringLength(200, MinimumLength = 1)] string? ContractingAuthority = null,
    [property: Range(1, 100_000_000_000)] long? ObligationCents = null,
    LocalDate? StartDate = null,
    LocalDate? EndDate = null,
    [property: Range(1, 100_000_000)] long? ValuePerPlaceYearCents = null);

public sealed record ObligationResponse(
    long Id,
    long SponsorId,
    string TenderReference,
    string ContractingAuthority,
    long ObligationCents,
    LocalDate StartDate,
    LocalDate EndDate,
    long ValuePerPlaceYearCents,
    Instant CreatedAt,
    Instant UpdatedAt);

/// <param name="ObligationId">The SROI obligation (of the same sponsor) this sponsorship counts toward.</param>
/// <param name="AllowancePerPlaceCents">Allowance per place per year; default 210000.</param>
/// <param name="OverheadPerPlaceCents">Overhead per place per year; default 40000.</param>
public sealed record CreateSponsorshipRequest(
    long SponsorId,
    LocalDate StartDate,
    LocalDate EndDate,
    [property: Range(1, 10_000)] int Places,
    long? ObligationId = null,
    [property: Range(0, 100_000_000)] long AllowancePerPlaceCents = 210_000,
    [property: Range(0, 100_000_000)] long OverheadPerPlaceCents = 40_000);

/// <summary>Fields left out (or null) stay. Dates and places change only while <c>committed</c>; <c>status</c> moves
/// committed -> invoiced -> paid, or to cancelled from committed or invoiced.</summary>
public sealed record UpdateSponsorshipRequest(
    LocalDate? StartDate = null,
    LocalDate? EndDate = null,
    [property: Range(1, 10_000)] int? Places = null,
    SponsorshipStatus? Status = null);

/// <param name="AmountDueCents">places x (allowance + overhead) x the share of a year the period covers, rounded down (README, "Sponsors and SROI").</param>
/// <param name="AllowanceBudgetCents">places x allowance x the same share, rounded down: what payouts may draw.</param>
/// <param name="DrawnCents">What counted payouts funded by this sponsorship have drawn so far.</param>
public sealed record SponsorshipResponse(
    long Id,
    long SponsorId,
    long? ObligationId,
    LocalDate StartDate,
    LocalDate EndDate,
    int Places,
    long AllowancePerPlaceCents,
    long OverheadPerPlaceCents,
    SponsorshipStatus Status,
    long AmountDueCents,
    long AllowanceBudgetCents,
    long DrawnCents,
    Instant CreatedAt,
    Instant UpdatedAt);

/// <param name="GivenAt">When the volunteer gave consent (not in the future).</param>
/// <param name="NameInReports">The volunteer agrees to be named in the sponsor's reports; otherwise a pseudonym.</param>
public sealed record ConsentInput(
    Instant GivenAt,
    ConsentChannel Channel,
    [property: StringLength(500)] string? Note = null,
    bool NameInReports = false);

public sealed record CreateAllocationRequest(
    long VolunteerId,
    LocalDate StartDate,
    LocalDate EndDate,
    ConsentInput Consent);

/// <param name="EndDate">The new last day: not before the start, not after the current end.</param>
public sealed record EndAllocationRequest(LocalDate EndDate);

/// <param name="RecordedByKeyId">The API key that recorded the consent.</param>
public sealed record ConsentResponse(
    Instant GivenAt,
    ConsentChannel Channel,
    string? Note,
    bool NameInReports,
    long? RecordedByKeyId,
    Instant? RevokedAt,
    long? RevokedByKeyId);

/// <param name="EndDate">The last day covered; earlier than startDate when consent was revoked before it began.</param>
public sealed record AllocationResponse(
    long Id,
    long SponsorshipId,
    long VolunteerId,
    LocalDate StartDate,
    LocalDate EndDate,
    ConsentResponse Consent,
    Instant? EndedAt,
    Instant CreatedAt,
    Instant UpdatedAt);
