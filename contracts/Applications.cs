using System.ComponentModel.DataAnnotations;
using NodaTime;

namespace Burgerbaan.Contracts;

/// <summary>Where an intake application stands. Declined and withdrawn ones are erased after the retention period.</summary>
public enum ApplicationStatus
{
    New,
    Contacted,
    Accepted,
    Declined,
    Withdrawn,
}

public enum Weekday
{
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

/// <param name="HoursPerWeek">Hours a week the applicant would like to give, 1 to 40.</param>
/// <param name="Days">The days that suit, each at most once.</param>
public sealed record Availability(
    [property: Range(1, 40)] int? HoursPerWeek = null,
    [property: MaxLength(7)] IReadOnlyList<Weekday>? Days = null);

/// <summary>
/// Someone signing up on the website or at a meeting. No citizen service number (BSN) is asked. At least one of
/// email and phone is needed to call them back.
/// </summary>
/// <param name="Consent">Must be true: the applicant agrees to the privacy statement. The service records its version and the instant.</param>
/// <param name="Interests">Tags (e.g. "koken", "tuin"), at most 20 of at most 40 characters; stored in lower case.</param>
/// <param name="OpportunityIds">Published opportunities the applicant is interested in, at most 10.</param>
/// <param name="Website">Leave empty. A form hides this field from people; anything in it marks the body as a bot's, which is answered 201 and not stored.</param>
public sealed record CreateApplicationRequest(
    [property: StringLength(100, MinimumLength = 1)] string FirstName,
    [property: StringLength(100, MinimumLength = 1)] string LastName,
    bool Consent,
    [property: StringLength(254)] string? Email = null,
    [property: StringLength(32)] string? Phone = null,
    LocalDate? DateOfBirth = null,
    [property: StringLength(100)] string? Neighbourhood = null,
    [property: MaxLength(20)] IReadOnlyList<string>? Interests = null,
    Availability? Availability = null,
    [property: StringLength(2000)] string? Motivation = null,
    [property: MaxLength(10)] IReadOnlyList<long>? OpportunityIds = null,
    [property: StringLength(200)] string? Website = null);

/// <summary>All the public gets back: the application is never read back anonymously.</summary>
public sealed record ApplicationReceipt(long Id, ApplicationStatus Status);

/// <summary>An application as coordinators see it. After acceptance (and the retention period) only the link to the volunteer is kept.</summary>
/// <param name="ConsentVersion">The privacy statement version the applicant agreed to (Applications:PrivacyStatementVersion at the time).</param>
/// <param name="VolunteerId">The volunteer the application became (accepted only).</param>
public sealed record ApplicationResponse(
    long Id,
    ApplicationStatus Status,
    string? FirstName,
    string? LastName,
    string? Email,
    string? Phone,
    LocalDate? DateOfBirth,
    string? Neighbourhood,
    IReadOnlyList<string> Interests,
    Availability Availability,
    string? Motivation,
    IReadOnlyList<long> OpportunityIds,
    string ConsentVersion,
    Instant ConsentAt,
    Instant? ContactedAt,
    string? ContactNote,
    Instant? DecidedAt,
    string? DeclineReason,
    long? VolunteerId,
    Instant CreatedAt,
    Instant UpdatedAt);

/// <param name="Note">What was agreed, e.g. "Called, intake on Tuesday".</param>
public sealed record ContactApplicationRequest([property: StringLength(1000)] string? Note = null);

/// <param name="Reason">Why, for the coordinators' own records; erased with the application.</param>
public sealed record DeclineApplicationRequest([property: StringLength(1000, MinimumLength = 1)] string Reason);

/// <summary>What the volunteer record needs beyond the application.</summary>
/// <param name="DateOfBirth">Required when the application has none; overrides it otherwise.</param>
/// <param name="ConfirmDistinctFrom">As on POST /v1/volunteers, after a 409 possible_duplicate.</param>
public sealed record AcceptApplicationRequest(
    LocalDate? DateOfBirth = null,
    [property: StringLength(42)] string? Iban = null,
    IReadOnlyList<long>? ConfirmDistinctFrom = null);
