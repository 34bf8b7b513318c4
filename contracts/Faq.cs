using System.ComponentModel.DataAnnotations;
using NodaTime;

namespace Burgerbaan.Contracts;

public enum FaqLanguage
{
    Nl,
    En,
}

/// <summary>
/// A question and its answer. The answer is plain text with an optional Markdown subset the website renders:
/// paragraphs (blank line), **bold**, *italic*, [links](https://...) and lists of lines starting with "- ".
/// A PUT accepts what GET returns: id, createdAt and updatedAt are ignored.
/// </summary>
/// <param name="Position">Order within the category, 0 to 10000, lowest first.</param>
/// <param name="Published">Only published entries are public.</param>
public sealed record FaqEntryRequest(
    [property: StringLength(500, MinimumLength = 1)] string Question,
    [property: StringLength(4000, MinimumLength = 1)] string Answer,
    [property: StringLength(100, MinimumLength = 1)] string Category,
    [property: Range(0, 10000)] int Position,
    FaqLanguage Lang = FaqLanguage.Nl,
    bool Published = false,
    long? Id = null,
    Instant? CreatedAt = null,
    Instant? UpdatedAt = null);

public sealed record FaqEntryResponse(
    long Id,
    string Question,
    string Answer,
    string Category,
    int Position,
    FaqLanguage Lang,
    bool Published,
    Instant CreatedAt,
    Instant UpdatedAt);

/// <summary>A published entry as the public reads it.</summary>
public sealed record PublicFaqEntry(long Id, string Question, string Answer, string Category, int Position, FaqLanguage Lang);

/// <summary>The published entries, by category and position.</summary>
public sealed record FaqList(IReadOnlyList<PublicFaqEntry> Items);
