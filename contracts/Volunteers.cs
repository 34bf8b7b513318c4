using System.ComponentModel.DataAnnotations;
using NodaTime;

namespace Burgerbaan.Contracts;

/// <summary>A burgerbaner. No citizen service number (BSN) is asked or stored.</summary>
/// <param name="Iban">Checked with the ISO 13616 mod-97 rule; spaces are allowed and removed.</param>
/// <param name="ConfirmDistinctFrom">Only after a 409 possible_duplicate: exactly the ids it named in existingIds, sent by a coordinator who has established that these are different people; recorded in the audit trail. Without it a volunteer with the same normalised name and date of birth as an active volunteer, or with the IBAN of any other volunteer, is refused.</param>
public sealed record CreateVolunteerRequest(
    [property: StringLength(100, MinimumLength = 1)] string FirstName,
    [property: StringLength(100, MinimumLength = 1)] string LastName,
    LocalDate DateOfBirth,
    [property: EmailAddress, StringLength(254)] string? Email = null,
    [property: StringLength(32)] string? Phone = null,
    [property: StringLength(42)] string? Iban = null,
    IReadOnlyList<long>? ConfirmDistinctFrom = null);

/// <summary>Fields left out (or null) stay as they are; an empty string clears an optional text field.
/// <c>active: false</c> deactivates the volunteer (there is no hard delete).</summary>
/// <param name="ConfirmDistinctFrom">Only after a 409 possible_duplicate: exactly the ids it named in existingIds, sent by a coordinator who has established that these are different people; recorded in the audit trail. Without it a volunteer with the same normalised name and date of birth as an active volunteer, or with the IBAN of any other volunteer, is refused.</param>
public sealed record UpdateVolunteerRequest(
    [property: StringLength(100, MinimumLength = 1)] string? FirstName = null,
    [property: StringLength(100, MinimumLength = 1)] string? LastName = null,
    LocalDate? DateOfBirth = null,
    [property: StringLength(254)] string? Email = null,
    [property: StringLength(32)] string? Phone = null,
    [property: StringLength(42)] string? Iban = null,
    bool? Active = null,
    IReadOnlyList<long>? ConfirmDistinctFrom = null);

public sealed record VolunteerResponse(
    long Id,
    string FirstName,
    string LastName,
    LocalDate DateOfBirth,
    string? Email,
    string? Phone,
    string? Iban,
    bool Active,
    Instant CreatedAt,
    Instant UpdatedAt);

/// <summary>How a volunteer is shown next to a placement: first name and last-name initial only.</summary>
/// <param name="LastNameInitial">The initial of the surname without its prefixes, with a full stop: "de Jong" is "J.".</param>
public sealed record VolunteerRef(long Id, string FirstName, string LastNameInitial);
