namespace Burgerbaan.Contracts;

/// <summary>One page of a list. Pass <c>nextCursor</c> back as <c>?cursor=</c> for the next page; null on the last page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>What a key may do. A partner key is bound to one organisation, a sponsor key to one sponsor, a volunteer key to one volunteer (self-service).</summary>
public enum ApiRole
{
    Admin,
    Finance,
    Coordinator,
    Partner,
    Website,
    Volunteer,
    /// <summary>Bound to one sponsor: reads only its own sponsor, obligations, sponsorships and SROI reports (issue 8).</summary>
    Sponsor,
}

/// <summary>Non-profit organisation, small care practice (GP, physiotherapist, community health centre) or other.</summary>
public enum OrganisationKind
{
    Nonprofit,
    Care,
    Other,
}
