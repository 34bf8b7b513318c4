using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.Data.SqlClient;

namespace Burgerbaan.Tests.SqlServer;

/// <summary>
/// Runs without a server: SqlClient refuses to open any connection in globalization-invariant mode, so
/// the service, the migrations CLI and these tests must all run with ICU.
/// </summary>
public sealed class SqlClientRuntimeTests
{
    [Theory]
    [InlineData("Burgerbaan.Api")]
    [InlineData("Burgerbaan.Migrations")]
    [InlineData("Burgerbaan.Tests")]
    public void Program_does_not_run_in_globalization_invariant_mode(string program)
    {
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, program + ".runtimeconfig.json")))!;

        Assert.NotEqual(true, (bool?)config["runtimeOptions"]?["configProperties"]?["System.Globalization.Invariant"]);
    }

    [Fact]
    public void Sql_client_is_version_7_1_or_newer()
    {
        // The assembly version stays at 7.0.0.0 for every 7.x; the informational version is the package's.
        var informational = typeof(SqlConnection).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;

        var version = Version.Parse(informational.Split('+', '-')[0]);

        Assert.True(version >= new Version(7, 1, 1), $"Microsoft.Data.SqlClient {informational}");
    }

    [Fact]
    public void Entra_id_sign_in_is_not_in_the_build()
    {
        // SqlClient 7 ships no Active Directory provider in the core package; start-up refuses such strings for that reason.
        Assert.Null(SqlAuthenticationProvider.GetProvider(SqlAuthenticationMethod.ActiveDirectoryDefault));
        Assert.Null(SqlAuthenticationProvider.GetProvider(SqlAuthenticationMethod.ActiveDirectoryManagedIdentity));
    }

    [Fact]
    public void Opening_a_connection_gets_as_far_as_the_network()
    {
        // Nothing listens on port 1: the failure must be the network's, not SqlClient refusing to try.
        using var connection = new SqlConnection("Server=tcp:127.0.0.1,1;User Id=sa;Password=x;Encrypt=True;TrustServerCertificate=True;Connect Timeout=2;Connect Retry Count=0;Pooling=False");

        Assert.Throws<SqlException>(connection.Open);
    }
}
