using System.ComponentModel.DataAnnotations;
using NodaTime;

namespace Burgerbaan.Contracts;

/// <param name="KvkNumber">Chamber of Commerce number: exactly 8 digits.</param>
public sealed record CreateOrganisationRequest(
    [property: StringLength(200, MinimumLength = 1)] string Name,
    OrganisationKind Kind,
    [property: RegularExpression("^[0-9]{8}$", ErrorMessage = "kvkNumber must be exactly 8 digits.")] string? KvkNumber = null,
    [property: EmailAddress, StringLength(254)] string? Email = null);

/// <summary>Fields left out (or null) stay as they are; an empty string clears an optional text field.
/// <c>active: false</c> deactivates the organisation (there is no hard delete).</summary>
public sealed record UpdateOrganisationRequest(
    [property: StringLength(200, MinimumLength = 1)] string? Name = null,
    OrganisationKind? Kind = null,
    [property: RegularExpression("^([0-9]{8})?$", ErrorMessage = "kvkNumber must be exactly 8 digits.")] string? KvkNumber = null,
    [property: StringLength(254)] string? Email = null,
    bool? Active = null);

public sealed record OrganisationResponse(
    long Id,
    string Name,
    OrganisationKind Kind,
    string? KvkNumber,
    string? Email,
    bool Active,
    Instant CreatedAt,
    Instant UpdatedAt);
