using Burgerbaan.Tests.Infrastructure;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Burgerbaan.Tests.SqlServer;

/// <summary>
/// Every SQL Server migration parses as T-SQL. No SQL Server runs on the build machines, so without this a syntax
/// error in a sqlserver script would first show on a production deployment; the scripts' behaviour is tested by
/// <see cref="SqlServerMigrationTests"/> where a server is configured.
/// </summary>
public sealed class SqlServerScriptParseTests
{
    public static TheoryData<string> Scripts() =>
        new(Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "db-migrations", "sqlserver"), "*.sql").Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(Scripts))]
    public void Script_parses_as_t_sql(string name)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "db-migrations", "sqlserver", name));

        new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(text), out var errors);

        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors.Select(e => $"{name}:{e.Line}:{e.Column} {e.Message}")));
    }

    /// <summary>Statements written once for both databases, in the code rather than a migration (their behaviour on SQL
    /// Server is tested where a server is configured).</summary>
    [Theory]
    [InlineData("headroom", Burgerbaan.Api.Allowance.AllowanceEndpoints.HeadroomSql)]
    public void A_shared_statement_parses_as_t_sql(string name, string sql)
    {
        new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(sql), out var errors);

        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors.Select(e => $"{name}:{e.Line}:{e.Column} {e.Message}")));
    }

    [Fact]
    public void A_script_with_a_syntax_error_is_caught()
    {
        new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader("CREATE INDEX ix ON t (a WHERE x = 1;"), out var errors);

        Assert.NotEmpty(errors);
    }
}
