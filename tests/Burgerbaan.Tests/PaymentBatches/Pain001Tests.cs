using Burgerbaan.Api.PaymentBatches;
using NodaTime;

namespace Burgerbaan.Tests.PaymentBatches;

/// <summary>The pain.001 writer and the transfer plan as pure functions: schema-valid files, totals, SEPA text and field lengths.</summary>
public sealed class Pain001Tests
{
    private static readonly Pain001Debtor Debtor = new("Stadscoöperatie Almere U.A.", "NL91ABNA0417164300", "ABNANL2A");

    private static Pain001Message Message(params Pain001Transfer[] transfers) =>
        new("BB-PB7-20250314090000", Instant.FromUtc(2025, 3, 14, 9, 0, 5), new LocalDate(2025, 3, 18), Debtor, transfers);

    [Fact]
    public void The_kept_schema_is_the_published_one()
    {
        Assert.Equal("87bd9b06f7f74128764d304af60f96f0d5583c92031113a892048272c8934d14", Sepa.SchemaSha256());
    }

    [Fact]
    public void A_file_validates_and_its_header_counts_and_sums_the_transfers()
    {
        var file = Sepa.Validated(Pain001.Write(Message(
            new("BB-B7-V1", 42000, "Anna de Jong", "NL02ABNA0123456789", "Vrijwilligersvergoeding 2025-01, 2025-02"),
            new("BB-B7-V2", 1, "Joris de Boer", "NL20INGB0001234567", "Vrijwilligersvergoeding 2025-02"),
            new("BB-B7-V3", 100_000_005, "Mehmet Yılmaz", "NL91ABNA0417164300", "Vrijwilligersvergoeding 2025-02"))));

        var header = file.GroupHeader();
        Assert.Equal("BB-PB7-20250314090000", header.Text("MsgId"));
        Assert.Equal("2025-03-14T09:00:05Z", header.Text("CreDtTm"));
        Assert.Equal("3", header.Text("NbOfTxs"));
        Assert.Equal("1000420.06", header.Text("CtrlSum"));
        var info = file.PaymentInformation();
        Assert.Equal(("TRF", "true", "3", "1000420.06"), (info.Text("PmtMtd"), info.Text("BtchBookg"), info.Text("NbOfTxs"), info.Text("CtrlSum")));
        Assert.Equal("SEPA", info.Text("PmtTpInf", "SvcLvl", "Cd"));
        Assert.Equal("2025-03-18", info.Text("ReqdExctnDt"));
        Assert.Equal("Stadscooperatie Almere U.A.", info.Text("Dbtr", "Nm"));
        Assert.Equal("NL91ABNA0417164300", info.Text("DbtrAcct", "Id", "IBAN"));
        Assert.Equal("ABNANL2A", info.Text("DbtrAgt", "FinInstnId", "BIC"));
        Assert.Equal(["420.00", "0.01", "1000000.05"], file.Transfers().Select(t => t.Text("Amt", "InstdAmt")));
        Assert.All(file.Transfers(), t => Assert.Equal("EUR", t.Element(Sepa.Ns + "Amt")!.Element(Sepa.Ns + "InstdAmt")!.Attribute("Ccy")!.Value));
        Assert.Equal(["Anna de Jong", "Joris de Boer", "Mehmet Yilmaz"], file.Transfers().Select(t => t.Text("Cdtr", "Nm")));
        Assert.Equal(file.Transfers().Sum(t => Sepa.Cents(t.Text("Amt", "InstdAmt"))), Sepa.Cents(header.Text("CtrlSum")));
    }

    [Fact]
    public void The_same_message_gives_the_same_bytes()
    {
        var message = Message(new Pain001Transfer("BB-B7-V1", 500, "Anna", "NL02ABNA0123456789", "Vrijwilligersvergoeding 2025-01"));

        Assert.Equal(Pain001.Write(message), Pain001.Write(message));
    }

    [Theory]
    [InlineData("José Çelik-Øster", "Jose Celik-Oster")]
    [InlineData("Zoë & Ruud O’Brien", "Zoe + Ruud O'Brien")]
    [InlineData("Łukasz Straße", "Lukasz Strasse")]
    [InlineData("Fatima  El\tAmrani", "Fatima El Amrani")]
    [InlineData("Anna_de*Jong@home", "Anna-de Jong home")]
    [InlineData("محمد", "")]
    [InlineData("Ана Йованович", "")]
    public void Text_is_transliterated_to_the_sepa_character_set(string name, string sepa)
    {
        Assert.Equal(sepa, SepaText.Transliterate(name));
    }

    [Fact]
    public void Names_and_remittance_are_cut_to_their_field_lengths_and_the_file_still_validates()
    {
        var name = "Anna Maria Josephina Wilhelmina van den Heuvel-Oudshoorn tot Rijnstein en Voorne";
        var file = Sepa.Validated(Pain001.Write(Message(new Pain001Transfer("BB-B7-V1", 500, name, "NL02ABNA0123456789", new string('x', 200)))));

        var transfer = Assert.Single(file.Transfers());
        Assert.Equal(name[..70].TrimEnd(), transfer.Text("Cdtr", "Nm"));
        Assert.Equal(140, transfer.Text("RmtInf", "Ustrd").Length);
    }

    [Theory]
    [InlineData(1, "0.01")]
    [InlineData(10, "0.10")]
    [InlineData(100, "1.00")]
    [InlineData(21000, "210.00")]
    [InlineData(99_999_999_999, "999999999.99")]
    public void Amounts_are_euros_with_two_decimals_from_cents(long cents, string euros)
    {
        Assert.Equal(euros, SepaText.Euros(cents));
    }

    [Fact]
    public void One_transfer_per_volunteer_sums_their_payouts_and_names_the_months()
    {
        var transfers = TransferPlan.Transfers(12,
        [
            new(41, 7, 21000, new YearMonth(2025, 2), "Anna de Jong", "NL02ABNA0123456789"),
            new(40, 7, 21000, new YearMonth(2025, 1), "Anna de Jong", "NL02ABNA0123456789"),
            new(44, 3, 1250, new YearMonth(2025, 2), "José Çelik", "NL20INGB0001234567"),
            new(45, 7, 800, new YearMonth(2025, 2), "Anna de Jong", "NL02ABNA0123456789"),
        ]);

        Assert.Equal(2, transfers.Count);
        Assert.Equal((3L, "BB-B12-V3", 1250L, "Jose Celik", "Vrijwilligersvergoeding 2025-02"),
            (transfers[0].VolunteerId, transfers[0].EndToEndId, transfers[0].AmountCents, transfers[0].CreditorName, transfers[0].RemittanceInformation));
        Assert.Equal((7L, "BB-B12-V7", 42800L, "Vrijwilligersvergoeding 2025-01, 2025-02"),
            (transfers[1].VolunteerId, transfers[1].EndToEndId, transfers[1].AmountCents, transfers[1].RemittanceInformation));
        Assert.Equal([40L, 41L, 45L], transfers[1].PayoutIds);
    }

    [Fact]
    public void A_volunteer_whose_iban_changed_between_approvals_gets_a_transfer_per_iban()
    {
        var transfers = TransferPlan.Transfers(12,
        [
            new(40, 7, 21000, new YearMonth(2025, 1), "Anna de Jong", "NL02ABNA0123456789"),
            new(41, 7, 21000, new YearMonth(2025, 2), "Anna de Jong", "NL20INGB0001234567"),
        ]);

        Assert.Equal(["BB-B12-V7", "BB-B12-V7-2"], transfers.Select(t => t.EndToEndId));
        Assert.Equal(["NL02ABNA0123456789", "NL20INGB0001234567"], transfers.Select(t => t.CreditorIban));
    }

    [Fact]
    public void Months_that_do_not_fit_140_characters_are_written_as_runs()
    {
        var months = Enumerable.Range(0, 15).Select(i => new YearMonth(2024, 1).PlusMonths(i)).Append(new YearMonth(2025, 12)).ToList();

        var text = TransferPlan.Remittance(months);

        Assert.Equal("Vrijwilligersvergoeding 2024-01 t/m 2025-03, 2025-12", text);
        Assert.Equal("Vrijwilligersvergoeding 2025-03, 2025-04", TransferPlan.Remittance([new YearMonth(2025, 4), new YearMonth(2025, 3), new YearMonth(2025, 4)]));
    }
}
