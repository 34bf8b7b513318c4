using Burgerbaan.Tests.Infrastructure;
using Burgerbaan.Tests.Platform;
using Microsoft.Extensions.Options;

namespace Burgerbaan.Tests.PaymentBatches;

/// <summary>Finance:Debtor is optional, but once any part is set the service starts only with a usable account, naming what is wrong.</summary>
public sealed class DebtorSettingsTests
{
    private sealed class ConfiguredFactory(IReadOnlyDictionary<string, string?> overrides) : BurgerbaanApiFactory
    {
        protected override IDictionary<string, string?> Settings
        {
            get
            {
                var settings = base.Settings;
                foreach (var (key, value) in overrides)
                {
                    settings[key] = value;
                }
                return settings;
            }
        }
    }

    [Theory]
    [InlineData("Stadscooperatie Almere", "NL91ABNA0417164301", "ABNANL2A", "Configuration key 'Finance:Debtor:Iban' must be a valid IBAN (ISO 13616, e.g. NL91ABNA0417164300).")]
    [InlineData("Stadscooperatie Almere", "NL91ABNA0417164300", "abnanl2a", "Configuration key 'Finance:Debtor:Bic' must be the bank's BIC in capitals, 8 or 11 characters (e.g. ABNANL2A).")]
    [InlineData("Stadscooperatie Almere", "NL91ABNA0417164300", "ABNANL2", "Configuration key 'Finance:Debtor:Bic' must be the bank's BIC in capitals, 8 or 11 characters (e.g. ABNANL2A).")]
    [InlineData("", "NL91ABNA0417164300", "ABNANL2A", "Configuration key 'Finance:Debtor:Name' must be the account holder's name, 1 to 70 characters (it is written into the bank file in the SEPA character set).")]
    [InlineData("محمد", "NL91ABNA0417164300", "ABNANL2A", "Configuration key 'Finance:Debtor:Name' must be the account holder's name, 1 to 70 characters (it is written into the bank file in the SEPA character set).")]
    public void A_debtor_that_is_set_but_unusable_stops_the_start_naming_the_key(string name, string iban, string bic, string message)
    {
        using var service = new ConfiguredFactory(new Dictionary<string, string?>
        {
            ["Finance:Debtor:Name"] = name, ["Finance:Debtor:Iban"] = iban, ["Finance:Debtor:Bic"] = bic,
        });

        var error = Assert.ThrowsAny<Exception>(() => service.CreateClient());

        Assert.IsType<OptionsValidationException>(error);
        Assert.Contains(message, DatabaseSettingsTests.Messages(error), StringComparison.Ordinal);
        Assert.False(File.Exists(service.DatabasePath), "a refused start must not create the database");
    }

    [Fact]
    public void Only_a_bic_names_the_missing_name_and_iban_at_once()
    {
        using var service = new ConfiguredFactory(new Dictionary<string, string?> { ["Finance:Debtor:Bic"] = "ABNANL2A" });

        var messages = DatabaseSettingsTests.Messages(Assert.ThrowsAny<Exception>(() => service.CreateClient()));

        Assert.Contains("'Finance:Debtor:Name'", messages, StringComparison.Ordinal);
        Assert.Contains("'Finance:Debtor:Iban'", messages, StringComparison.Ordinal);
        Assert.DoesNotContain("'Finance:Debtor:Bic'", messages, StringComparison.Ordinal);
    }
}
