using System.Collections.Frozen;
using System.Data;
using System.Text.Json;
using Burgerbaan.Contracts;
using Dapper;

namespace Burgerbaan.Api.Data;

/// <summary>
/// Dapper mapping for the contract enums: stored as the lower-case (snake_case) name, the same spelling JSON and the
/// document use and the CHECK constraints allow, so rows and parameters hold the enum itself and no code converts.
/// A stored value that is not a member fails the read instead of defaulting.
/// </summary>
public static class EnumTypeHandlers
{
    /// <summary>Every enum that is stored in a column; a test checks the names against the JSON spelling.</summary>
    public static readonly IReadOnlyList<Type> Stored =
        [typeof(ApiRole), typeof(OrganisationKind), typeof(HourStatus), typeof(PayoutKind), typeof(PayoutStatus), typeof(PayoutRunStatus),
        typeof(SponsorKind), typeof(SponsorshipStatus), typeof(ConsentChannel), typeof(ReportFormat),
        typeof(ApplicationStatus), typeof(FaqLanguage), typeof(OpportunityStatus), typeof(Weekday),
        typeof(PaymentBatchStatus), typeof(OutsideAllowanceKind), typeof(StatementFormat),
        // Not stored: derived from the dates when read, or only answered; listed so they are held to the same spelling.
        typeof(SponsorConsentStatus), typeof(MatchFactor),
        // Not stored either: which limit a near-limit row is about (issue 10).
        typeof(AllowanceLimitKind)];

    private static int _registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1)
        {
            return;
        }
        // Without it Dapper writes and reads enums as their numbers and never asks a handler.
        SqlMapper.Settings.PreferTypeHandlersForEnums = true;
        Add<ApiRole>();
        Add<OrganisationKind>();
        Add<HourStatus>();
        Add<PayoutKind>();
        Add<PayoutStatus>();
        Add<SponsorKind>();
        Add<SponsorshipStatus>();
        Add<ConsentChannel>();
        Add<ApplicationStatus>();
        Add<FaqLanguage>();
        Add<OpportunityStatus>();
        Add<Weekday>();
        Add<PaymentBatchStatus>();
        Add<OutsideAllowanceKind>();
    }

    private static void Add<T>() where T : struct, Enum => SqlMapper.AddTypeHandler(new LowerCaseNameHandler<T>());

    /// <summary>The stored (and JSON) name of an enum value, e.g. <c>pending</c>; also for audit actions and messages.</summary>
    public static string Name<T>(T value) where T : struct, Enum => LowerCaseNameHandler<T>.Names[value];

    public sealed class LowerCaseNameHandler<T> : SqlMapper.TypeHandler<T> where T : struct, Enum
    {
        internal static readonly FrozenDictionary<T, string> Names =
            Enum.GetValues<T>().ToFrozenDictionary(v => v, v => JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString()));

        private static readonly FrozenDictionary<string, T> Values =
            Names.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

        public override void SetValue(IDbDataParameter parameter, T value)
        {
            // The columns are VARCHAR(16) on SQL Server: an nvarchar parameter would make it convert the column and skip its index.
            parameter.DbType = DbType.AnsiString;
            parameter.Size = 16;
            parameter.Value = Names.TryGetValue(value, out var name)
                ? name
                : throw new DataException($"{value} is not a {typeof(T).Name} and cannot be stored.");
        }

        public override T Parse(object value) => value is string s
            ? FromName(s)
            : throw NotMember(value);

        /// <summary>The member a stored name stands for; a name that is none fails the read.</summary>
        internal static T FromName(string name) => Values.TryGetValue(name, out var member) ? member : throw NotMember(name);

        private static DataException NotMember(object value) =>
            new($"The stored value '{value}' is not a {typeof(T).Name} (expected one of {string.Join(", ", Values.Keys)}).");
    }
}
