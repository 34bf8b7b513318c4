using System.Text;
using System.Xml;
using NodaTime;
using NodaTime.Text;

namespace Burgerbaan.Api.PaymentBatches;

/// <summary>The debtor of a pain.001 file: the account the money leaves from.</summary>
public sealed record Pain001Debtor(string Name, string Iban, string Bic);

/// <summary>One credit transfer of a pain.001 file.</summary>
public sealed record Pain001Transfer(string EndToEndId, long AmountCents, string CreditorName, string CreditorIban, string RemittanceInformation);

/// <summary>Everything a pain.001 file says; the writer derives the counts and control sums from the transfers.</summary>
public sealed record Pain001Message(string MessageId, Instant CreatedAt, LocalDate RequestedExecutionDate, Pain001Debtor Debtor,
    IReadOnlyList<Pain001Transfer> Transfers);

/// <summary>
/// Writes a SEPA credit transfer initiation, ISO 20022 pain.001.001.03 as Dutch banks take it (EPC implementation guidelines):
/// one group header, one payment information block with batch booking and service level SEPA, a credit transfer per entry.
/// A pure function of the message: the same batch always gives the same bytes. Text goes through <see cref="SepaText"/>, amounts
/// are written from integer cents.
/// </summary>
public static class Pain001
{
    public const string Namespace = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03";

    private static readonly InstantPattern CreationTime = InstantPattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss'Z'");

    public static byte[] Write(Pain001Message message)
    {
        ArgumentOutOfRangeException.ThrowIfZero(message.Transfers.Count);
        var count = message.Transfers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var sum = SepaText.Euros(message.Transfers.Sum(t => t.AmountCents));
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, IndentChars = "  " };
        using var stream = new MemoryStream();
        using (var x = XmlWriter.Create(stream, settings))
        {
            x.WriteStartDocument();
            x.WriteStartElement("Document", Namespace);
            x.WriteStartElement("CstmrCdtTrfInitn");

            x.WriteStartElement("GrpHdr");
            x.WriteElementString("MsgId", SepaText.Fit(message.MessageId, SepaText.IdLength));
            x.WriteElementString("CreDtTm", CreationTime.Format(message.CreatedAt));
            x.WriteElementString("NbOfTxs", count);
            x.WriteElementString("CtrlSum", sum);
            Party(x, "InitgPty", message.Debtor.Name);
            x.WriteEndElement();

            x.WriteStartElement("PmtInf");
            x.WriteElementString("PmtInfId", SepaText.Fit(message.MessageId, SepaText.IdLength));
            x.WriteElementString("PmtMtd", "TRF");
            x.WriteElementString("BtchBookg", "true");
            x.WriteElementString("NbOfTxs", count);
            x.WriteElementString("CtrlSum", sum);
            x.WriteStartElement("PmtTpInf");
            x.WriteStartElement("SvcLvl");
            x.WriteElementString("Cd", "SEPA");
            x.WriteEndElement();
            x.WriteEndElement();
            x.WriteElementString("ReqdExctnDt", LocalDatePattern.Iso.Format(message.RequestedExecutionDate));
            Party(x, "Dbtr", message.Debtor.Name);
            Account(x, "DbtrAcct", message.Debtor.Iban);
            x.WriteStartElement("DbtrAgt");
            x.WriteStartElement("FinInstnId");
            x.WriteElementString("BIC", message.Debtor.Bic);
            x.WriteEndElement();
            x.WriteEndElement();
            // The debtor and each creditor pay their own bank's charges: the only option SEPA allows.
            x.WriteElementString("ChrgBr", "SLEV");
            foreach (var t in message.Transfers)
            {
                x.WriteStartElement("CdtTrfTxInf");
                x.WriteStartElement("PmtId");
                x.WriteElementString("EndToEndId", SepaText.Fit(t.EndToEndId, SepaText.IdLength));
                x.WriteEndElement();
                x.WriteStartElement("Amt");
                x.WriteStartElement("InstdAmt");
                x.WriteAttributeString("Ccy", "EUR");
                x.WriteString(SepaText.Euros(t.AmountCents));
                x.WriteEndElement();
                x.WriteEndElement();
                Party(x, "Cdtr", t.CreditorName);
                Account(x, "CdtrAcct", t.CreditorIban);
                x.WriteStartElement("RmtInf");
                x.WriteElementString("Ustrd", SepaText.Fit(t.RemittanceInformation, SepaText.RemittanceLength));
                x.WriteEndElement();
                x.WriteEndElement();
            }
            x.WriteEndElement();

            x.WriteEndElement();
            x.WriteEndElement();
            x.WriteEndDocument();
        }
        return stream.ToArray();
    }

    private static void Party(XmlWriter x, string element, string name)
    {
        x.WriteStartElement(element);
        x.WriteElementString("Nm", SepaText.Fit(name, SepaText.NameLength));
        x.WriteEndElement();
    }

    private static void Account(XmlWriter x, string element, string iban)
    {
        x.WriteStartElement(element);
        x.WriteStartElement("Id");
        x.WriteElementString("IBAN", iban);
        x.WriteEndElement();
        x.WriteEndElement();
    }
}
