using System.Data.Common;
using System.Diagnostics;
using Burgerbaan.Api.Data;
using Burgerbaan.Contracts;
using Dapper;
using NodaTime;

namespace Burgerbaan.Api.Hours;

/// <summary>
/// Carries out a planned <c>POST /v1/hours</c> batch, one step per entry, inside the caller's transaction, and
/// answers with what is stored afterwards: written entries are read back, so the answer cannot claim minutes that
/// were never stored.
/// </summary>
internal static class HourWrite
{
    private const string Update =
        "UPDATE hour_entries SET placement_id = @PlacementId, volunteer_id = @VolunteerId, date = @Date, minutes = @Minutes, description = @Description, " +
        "updated_at = @Now, version = version + 1 WHERE id = @Id AND version = @Version AND status = 'submitted' AND payout_id IS NULL";

    public static async Task<HourEntriesResponse> WriteAsync(DbConnection c, DbTransaction tx, SqlDialect d, IReadOnlyList<HourPlan.Step> steps,
        Instant now, CancellationToken ct)
    {
        var lost = new List<string>();
        await using var insert = new InsertCommand(c, tx, now);
        foreach (var step in steps)
        {
            switch (step.Kind)
            {
                case HourPlan.Kind.Insert:
                    await insert.RunAsync(step, ct);
                    break;
                case HourPlan.Kind.Update:
                    var stored = step.Stored!;
                    var changed = await c.ExecuteAsync(new CommandDefinition(Update, new
                    {
                        stored.Id, stored.Version, step.Entry.PlacementId, step.VolunteerId, step.Entry.Date, step.Entry.Minutes, step.Description, Now = now,
                    }, tx, cancellationToken: ct));
                    if (changed == 0)
                    {
                        // Approved, rejected, paid or changed by another request since it was read: answering 200 would be a lie.
                        lost.Add(step.Entry.ExternalId);
                    }
                    break;
                case HourPlan.Kind.Unchanged:
                    break;
                default:
                    throw new UnreachableException($"A {step.Kind} step is refused before the write.");
            }
        }
        if (lost.Count > 0)
        {
            throw HourIngestion.LockedProblem(lost,
                "These entries were approved, rejected, paid or changed while this request ran; nothing was written.");
        }
        var written = await HourIngestion.Stored(c, tx, d, steps.Where(s => s.Kind != HourPlan.Kind.Unchanged).Select(s => s.Key).ToList(), ct);
        return new HourEntriesResponse(steps.Select(s => (s.Kind == HourPlan.Kind.Unchanged ? s.Stored! : written[s.Key]).ToResponse()).ToList());
    }

    /// <summary>
    /// One prepared INSERT whose parameter values change per row: for a 1,000-entry batch this is several
    /// times cheaper than a mapped statement per row (and than multi-row VALUES lists, whose parameter
    /// binding grows with the square of their size).
    /// </summary>
    private sealed class InsertCommand(DbConnection c, DbTransaction tx, Instant now) : IAsyncDisposable
    {
        private static readonly NodaTypeHandlers.LocalDateHandler Dates = new();
        private static readonly NodaTypeHandlers.InstantHandler Instants = new();

        private DbCommand? _command;
        private DbParameter _org = null!, _external = null!, _placement = null!, _volunteer = null!, _date = null!, _minutes = null!, _description = null!;

        public async Task RunAsync(HourPlan.Step step, CancellationToken ct)
        {
            _command ??= Prepare();
            _org.Value = step.OrganisationId;
            _external.Value = step.Entry.ExternalId;
            _placement.Value = step.Entry.PlacementId;
            _volunteer.Value = step.VolunteerId;
            Dates.SetValue(_date, step.Entry.Date);
            _minutes.Value = step.Entry.Minutes;
            _description.Value = (object?)step.Description ?? DBNull.Value;
            await _command.ExecuteNonQueryAsync(ct);
        }

        private DbCommand Prepare()
        {
            var command = c.CreateCommand();
            command.Transaction = tx;
            command.CommandText =
                "INSERT INTO hour_entries (organisation_id, external_id, placement_id, volunteer_id, date, minutes, description, status, created_at, updated_at, version) " +
                "VALUES (@o, @x, @p, @v, @d, @m, @t, 'submitted', @now, @now, 1)";
            DbParameter Add(string name)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                command.Parameters.Add(parameter);
                return parameter;
            }
            (_org, _external, _placement, _volunteer, _date, _minutes, _description) = (Add("@o"), Add("@x"), Add("@p"), Add("@v"), Add("@d"), Add("@m"), Add("@t"));
            Instants.SetValue(Add("@now"), now);
            _external.DbType = System.Data.DbType.String;
            _external.Size = 100;
            _description.DbType = System.Data.DbType.String;
            _description.Size = 500;
            return command;
        }

        public ValueTask DisposeAsync() => _command?.DisposeAsync() ?? ValueTask.CompletedTask;
    }
}
