using System.Text.RegularExpressions;
using Burgerbaan.Api.Common;
using Microsoft.Extensions.Options;

namespace Burgerbaan.Api.PaymentBatches;

/// <summary>
/// <c>Finance:Debtor</c>: the cooperative's account payment batches pay from. Optional (the service runs without it and refuses
/// only new batches); when any of the three is set, all three must be valid, or the service does not start.
/// </summary>
public sealed class DebtorSettings
{
    public const string Section = "Finance:Debtor";

    public string? Name { get; set; }
    public string? Iban { get; set; }
    public string? Bic { get; set; }

    public bool Configured => !string.IsNullOrWhiteSpace(Name) || !string.IsNullOrWhiteSpace(Iban) || !string.IsNullOrWhiteSpace(Bic);

    /// <summary>The debtor as a batch records it (IBAN without spaces, in capitals), or null when none is configured.</summary>
    public Pain001Debtor? Debtor => Configured ? new(Name!.Trim(), Common.Iban.Normalise(Iban!)!, Bic!.Trim()) : null;
}

internal sealed partial class DebtorSettingsValidator : IValidateOptions<DebtorSettings>
{
    // ISO 9362 as pain.001.001.03 defines BICIdentifier: institution, country, location, optional branch.
    [GeneratedRegex("^[A-Z]{6}[A-Z2-9][A-NP-Z0-9]([A-Z0-9]{3})?$", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex BicPattern();

    public ValidateOptionsResult Validate(string? name, DebtorSettings options)
    {
        if (!options.Configured)
        {
            return ValidateOptionsResult.Success;
        }
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Name) || options.Name.Trim().Length > SepaText.NameLength || SepaText.Transliterate(options.Name).Length == 0)
        {
            failures.Add($"Configuration key '{DebtorSettings.Section}:Name' must be the account holder's name, 1 to {SepaText.NameLength} characters " +
                "(it is written into the bank file in the SEPA character set).");
        }
        if (string.IsNullOrWhiteSpace(options.Iban) || Iban.Normalise(options.Iban) is null)
        {
            failures.Add($"Configuration key '{DebtorSettings.Section}:Iban' must be a valid IBAN (ISO 13616, e.g. NL91ABNA0417164300).");
        }
        if (string.IsNullOrWhiteSpace(options.Bic) || !BicPattern().IsMatch(options.Bic.Trim()))
        {
            failures.Add($"Configuration key '{DebtorSettings.Section}:Bic' must be the bank's BIC in capitals, 8 or 11 characters (e.g. ABNANL2A).");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
