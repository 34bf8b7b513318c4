using Burgerbaan.Api.Volunteers;

namespace Burgerbaan.Tests.People;

/// <summary>Which spellings of a name are one person for the duplicate check, and which are not.</summary>
public sealed class PersonNamesTests
{
    [Theory]
    [InlineData("José", "van der Berg", "jose|berg")]
    [InlineData("Anne-Marie", "in 't Veld", "annemarie|veld")]
    [InlineData("Anne-Marie", "in ’t Veld", "annemarie|veld")]
    [InlineData("Zoë", "de Wit-van Dam", "zoe|witdam")]
    [InlineData("Daniël", "O'Neill", "daniel|oneill")]
    [InlineData("Søren", "Ærø", "soren|aero")]
    [InlineData("Ĳsbrand", "Groß", "ijsbrand|gross")]
    [InlineData("Jan", "Van", "jan|van")]
    [InlineData("Jan", "van den", "jan|vanden")]
    [InlineData("  Jan  ", "  Bos  ", "jan|bos")]
    public void The_key_drops_case_accents_prefixes_and_separators(string first, string last, string key) =>
        Assert.Equal(key, PersonNames.Key(first, last));

    [Theory]
    [InlineData("Anna", "de Jong", "Anna", "de Jongh")]
    [InlineData("Anna", "de Jong", "Anne", "de Jong")]
    [InlineData("Jan", "Willem", "Jan-Willem", "")]
    [InlineData("Jan", "Bos", "Bos", "Jan")]
    public void Different_names_keep_different_keys(string first, string last, string otherFirst, string otherLast) =>
        Assert.NotEqual(PersonNames.Key(first, last), PersonNames.Key(otherFirst, otherLast));
}
