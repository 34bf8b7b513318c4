using System.Security.Cryptography;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using Burgerbaan.Tests.Infrastructure;

namespace Burgerbaan.Tests.PaymentBatches;

/// <summary>Reading pain.001 files in tests: validated against the published schema, then read as XML.</summary>
public static class Sepa
{
    public static readonly XNamespace Ns = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03";

    public static string SchemaPath { get; } = Path.Combine(RepositoryRoot.Path, "tests", "Burgerbaan.Tests", "PaymentBatches", "pain.001.001.03.xsd");

    private static readonly Lazy<XmlSchemaSet> Schemas = new(() =>
    {
        var set = new XmlSchemaSet();
        using var reader = XmlReader.Create(SchemaPath);
        set.Add(Ns.NamespaceName, reader);
        set.Compile();
        return set;
    });

    public static string SchemaSha256() => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(SchemaPath)));

    /// <summary>The file parsed, after asserting that it validates against pain.001.001.03 without a single error or warning.</summary>
    public static XDocument Validated(byte[] file)
    {
        var problems = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = Schemas.Value };
        settings.ValidationFlags |= XmlSchemaValidationFlags.ReportValidationWarnings;
        settings.ValidationEventHandler += (_, e) => problems.Add($"{e.Severity} at {e.Exception?.LineNumber}:{e.Exception?.LinePosition}: {e.Message}");
        using (var reader = XmlReader.Create(new MemoryStream(file), settings))
        {
            while (reader.Read())
            {
            }
        }
        Assert.True(problems.Count == 0, "the file does not validate against pain.001.001.03:\n" + string.Join("\n", problems));
        return XDocument.Load(new MemoryStream(file));
    }

    public static string Text(this XContainer node, params string[] path)
    {
        var current = node;
        foreach (var name in path)
        {
            current = current.Element(Ns + name) ?? throw new InvalidOperationException($"no {name} in the path {string.Join("/", path)}");
        }
        return ((XElement)current).Value;
    }

    public static IReadOnlyList<XElement> Transfers(this XDocument file) =>
        file.Root!.Element(Ns + "CstmrCdtTrfInitn")!.Element(Ns + "PmtInf")!.Elements(Ns + "CdtTrfTxInf").ToList();

    public static XElement GroupHeader(this XDocument file) => file.Root!.Element(Ns + "CstmrCdtTrfInitn")!.Element(Ns + "GrpHdr")!;

    public static XElement PaymentInformation(this XDocument file) => file.Root!.Element(Ns + "CstmrCdtTrfInitn")!.Element(Ns + "PmtInf")!;

    /// <summary>An amount of the file in cents, read from its decimal text without a floating-point number.</summary>
    public static long Cents(string amount)
    {
        var parts = amount.Split('.');
        Assert.True(parts.Length == 2 && parts[1].Length == 2, $"{amount} is not euros with two decimals");
        return long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture) * 100 + long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
