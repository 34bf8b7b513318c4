using Microsoft.Data.Sqlite;

namespace Burgerbaan.Api.Data;

/// <summary>Hands a command's own parameters to the kept <see cref="SqliteCommand"/> that runs it (read connections and the writer loop).</summary>
internal static class SqliteParameters
{
    /// <summary>
    /// Replaces <paramref name="target"/>'s parameters with <paramref name="source"/>'s, so no value of an earlier execution
    /// stays bound. Dapper names parameters without their prefix, and the driver then looks each one up twice (bare, then
    /// under every prefix: a string and a native call each); the service's SQL names them with '@', so they get it at once.
    /// </summary>
    public static void MoveTo(SqliteParameterCollection source, SqliteCommand target)
    {
        target.Parameters.Clear();
        foreach (SqliteParameter parameter in source)
        {
            if (parameter.ParameterName is [not ('@' or '$' or ':'), ..] name)
            {
                parameter.ParameterName = "@" + name;
            }
            target.Parameters.Add(parameter);
        }
    }
}
