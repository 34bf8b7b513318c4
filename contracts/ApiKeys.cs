using System.ComponentModel.DataAnnotations;
using NodaTime;

namespace Burgerbaan.Contracts;

/// <param name="Name">What the key is for, e.g. "Finance desk" or "Humanitas hour export".</param>
/// <param name="Role">The role the key acts in.</param>
/// <param name="OrganisationId">Required for a partner key, forbidden for the other roles.</param>
/// <param name="VolunteerId">Required for a volunteer key (self-service, /v1/me), forbidden for the other roles.</param>
/// <param name="SponsorId">Required for a sponsor key (an active sponsor), forbidden for the other roles.</param>
public sealed record CreateApiKeyRequest(
    [property: StringLength(100, MinimumLength = 1)] string Name,
    ApiRole Role,
    long? OrganisationId = null,
    long? VolunteerId = null,
    long? SponsorId = null);

/// <param name="KeyPrefix">The first characters of the key, to recognise it; the key itself is never shown again.</param>
public sealed record ApiKeyResponse(
    long Id,
    string Name,
    ApiRole Role,
    long? OrganisationId,
    string KeyPrefix,
    Instant CreatedAt,
    Instant? RevokedAt,
    long? VolunteerId,
    long? SponsorId);

/// <param name="Key">The secret. Shown only in this response; store it now.</param>
public sealed record CreatedApiKeyResponse(
    long Id,
    string Name,
    ApiRole Role,
    long? OrganisationId,
    string KeyPrefix,
    Instant CreatedAt,
    string Key,
    long? VolunteerId,
    long? SponsorId);
