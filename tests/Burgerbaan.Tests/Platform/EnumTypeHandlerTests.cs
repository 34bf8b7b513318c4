using System.Data;
using System.Text.Json;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Contracts;
using Dapper;

namespace Burgerbaan.Tests.Platform;

/// <summary>
/// The enum handler against a real SQLite file: an enum is stored as the name JSON and the document use, read back
/// as the enum, usable as a parameter, and a stored value that is no member fails the read.
/// </summary>
public sealed class EnumTypeHandlerTests : IDisposable
{
    private readonly TempSqlite _file = new();

    public EnumTypeHandlerTests()
    {
        NodaTypeHandlers.Register();
        using var c = _file.Open();
        c.Execute("CREATE TABLE t (id INTEGER PRIMARY KEY, status TEXT NOT NULL, role TEXT NULL)");
    }

    public void Dispose() => _file.Dispose();

    internal sealed class Row
    {
        public long Id { get; init; }
        public PayoutStatus Status { get; init; }
        public ApiRole? Role { get; init; }
    }

    private const string Select = "SELECT id AS Id, status AS Status, role AS Role FROM t";

    [Fact]
    public void Every_contract_enum_is_stored_by_the_handler()
    {
        var contractEnums = typeof(PayoutStatus).Assembly.GetExportedTypes().Where(t => t.IsEnum).OrderBy(t => t.Name);

        Assert.Equal(contractEnums, EnumTypeHandlers.Stored.OrderBy(t => t.Name));
    }

    [Fact]
    public void Every_stored_name_is_the_json_name_of_the_member()
    {
        var json = NodaTimeJson.Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));
        var name = typeof(EnumTypeHandlers).GetMethod(nameof(EnumTypeHandlers.Name))!;
        foreach (var type in EnumTypeHandlers.Stored)
        {
            foreach (var value in Enum.GetValues(type))
            {
                var stored = (string)name.MakeGenericMethod(type).Invoke(null, [value])!;
                Assert.Equal(JsonSerializer.Serialize(value, type, json), $"\"{stored}\"");
                Assert.Equal(stored.ToLowerInvariant(), stored);
                // The columns are VARCHAR(16) and the parameter is sized to match: a longer name would be cut.
                Assert.InRange(stored.Length, 1, 16);
            }
        }
    }

    [Fact]
    public void Enums_are_written_as_lower_case_names_and_read_back()
    {
        using var c = _file.Open();
        c.Execute("INSERT INTO t (id, status, role) VALUES (@Id, @Status, @Role)", new[]
        {
            new Row { Id = 1, Status = PayoutStatus.Cancelled, Role = ApiRole.Coordinator },
            new Row { Id = 2, Status = PayoutStatus.Pending, Role = null },
        });

        Assert.Equal(["1 cancelled coordinator", "2 pending "], c.Query<string>("SELECT id || ' ' || status || ' ' || COALESCE(role, '') FROM t ORDER BY id"));
        var rows = c.Query<Row>(Select + " ORDER BY id").ToList();
        Assert.Equal([(1L, PayoutStatus.Cancelled, (ApiRole?)ApiRole.Coordinator), (2L, PayoutStatus.Pending, null)],
            rows.Select(r => (r.Id, r.Status, r.Role)));
    }

    [Fact]
    public void An_enum_parameter_filters_by_its_stored_name()
    {
        using var c = _file.Open();
        c.Execute("INSERT INTO t (id, status) VALUES (1, 'pending'), (2, 'paid'), (3, 'paid')");

        Assert.Equal([2L, 3L], c.Query<long>("SELECT id FROM t WHERE status = @status ORDER BY id", new { status = PayoutStatus.Paid }));
        Assert.Equal([1L, 2L, 3L], c.Query<long>("SELECT id FROM t WHERE @status IS NULL OR status = @status ORDER BY id", new { status = (PayoutStatus?)null }));
    }

    [Theory]
    [InlineData("Pending")]
    [InlineData("on_hold")]
    [InlineData("3")]
    public void A_stored_value_that_is_no_member_fails_the_read(string stored)
    {
        using var c = _file.Open();
        c.Execute("INSERT INTO t (id, status) VALUES (1, @stored)", new { stored });

        var error = Assert.ThrowsAny<DataException>(() => c.Query<Row>(Select).ToList());

        Assert.Contains($"'{stored}' is not a PayoutStatus", error.ToString(), StringComparison.Ordinal);
    }
}
