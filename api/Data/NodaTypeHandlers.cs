using System.Data;
using System.Globalization;
using Burgerbaan.Api.Common;
using Dapper;
using NodaTime;
using NodaTime.Text;

namespace Burgerbaan.Api.Data;

/// <summary>
/// Dapper mapping for NodaTime. SQLite keeps ISO text (<c>yyyy-MM-dd</c>, <c>yyyy-MM</c>, UTC instants),
/// which sorts and compares as the values do; SQL Server keeps <c>date</c>, <c>char(7)</c> and UTC <c>datetime2</c>.
/// </summary>
public static class NodaTypeHandlers
{
    private static int _registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1)
        {
            return;
        }
        SqlMapper.AddTypeHandler(new LocalDateHandler());
        SqlMapper.AddTypeHandler(new InstantHandler());
        SqlMapper.AddTypeHandler(new YearMonthHandler());
        // One call registers every handler, so no caller of Dapper can have the dates without the enums.
        EnumTypeHandlers.Register();
    }

    public sealed class LocalDateHandler : SqlMapper.TypeHandler<LocalDate>
    {
        public override void SetValue(IDbDataParameter parameter, LocalDate value)
        {
            parameter.DbType = DbType.Date;
            parameter.Value = value.ToDateOnly();
        }

        public override LocalDate Parse(object value) => value switch
        {
            DateOnly d => LocalDate.FromDateOnly(d),
            DateTime dt => LocalDate.FromDateTime(dt),
            string s => LocalDatePattern.Iso.Parse(s).GetValueOrThrow(),
            _ => throw new DataException($"Cannot read a LocalDate from {value.GetType().Name}."),
        };
    }

    public sealed class InstantHandler : SqlMapper.TypeHandler<Instant>
    {
        public override void SetValue(IDbDataParameter parameter, Instant value)
        {
            parameter.DbType = DbType.DateTime2;
            parameter.Value = value.ToDateTimeUtc();
        }

        public override Instant Parse(object value) => value switch
        {
            DateTime dt => Instant.FromDateTimeUtc(DateTime.SpecifyKind(dt, DateTimeKind.Utc)),
            string s => Instant.FromDateTimeUtc(DateTime.Parse(s, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal)),
            _ => throw new DataException($"Cannot read an Instant from {value.GetType().Name}."),
        };
    }

    public sealed class YearMonthHandler : SqlMapper.TypeHandler<YearMonth>
    {
        public override void SetValue(IDbDataParameter parameter, YearMonth value)
        {
            parameter.DbType = DbType.AnsiString;
            parameter.Size = 7;
            parameter.Value = IsoText.Month(value);
        }

        public override YearMonth Parse(object value) => value is string s
            ? YearMonthPattern.Iso.Parse(s.Trim()).GetValueOrThrow()
            : throw new DataException($"Cannot read a YearMonth from {value.GetType().Name}.");
    }
}
