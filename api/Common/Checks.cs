using NodaTime;

namespace Burgerbaan.Api.Common;

/// <summary>Collects the field errors of one request so the problem lists them all at once.</summary>
public sealed class Checks
{
    /// <summary>Dates outside this range are refused: no payout, agreement or birth lies there.</summary>
    public static readonly LocalDate Earliest = new(1900, 1, 1);
    public static readonly LocalDate Latest = new(2100, 12, 31);

    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public Checks Require(bool ok, string field, string message)
    {
        if (!ok)
        {
            if (!_errors.TryGetValue(field, out var list))
            {
                _errors[field] = list = [];
            }
            list.Add(message);
        }
        return this;
    }

    public Checks Date(LocalDate? date, string field) =>
        Require(date is null || (date >= Earliest && date <= Latest), field, "The date must lie between 1900-01-01 and 2100-12-31.");

    /// <summary>A name-like field that is sent must hold more than white space (it is stored trimmed).</summary>
    public Checks NotBlank(string? text, string field) =>
        Require(text is null || !string.IsNullOrWhiteSpace(text), field, "This field must not be blank.");

    public void ThrowIfAny()
    {
        if (_errors.Count > 0)
        {
            throw ApiProblemException.Validation(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
        }
    }
}
