using Burgerbaan.Tests.Infrastructure;

namespace Burgerbaan.Tests.SqlServer;

/// <summary>The service on a SQL Server database of its own (see <see cref="TemporarySqlServerDatabase"/>).</summary>
internal sealed class SqlServerApiFactory(string connectionString) : BurgerbaanApiFactory
{
    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            settings["Database:Provider"] = "sqlserver";
            settings["ConnectionStrings:Burgerbaan"] = connectionString;
            return settings;
        }
    }
}
