using System.ComponentModel.DataAnnotations;
using Burgerbaan.Api.Common;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Burgerbaan.Api.Allowance;

/// <summary><c>Allowance:LimitsCacheSeconds</c>: how long the headroom endpoint reuses a year's limits (0 = never).</summary>
public sealed class LimitsCacheSettings
{
    public const string Section = "Allowance";

    [Range(0, 3600, ErrorMessage = "Configuration key 'Allowance:LimitsCacheSeconds' must be a whole number of seconds from 0 (off) to 3600.")]
    public int LimitsCacheSeconds { get; set; } = 30;
}

/// <summary>
/// Years' limits for the headroom read, which otherwise reads the same row on every request. Only the headroom read uses
/// it: payouts, payout runs and the birth-date lock read the limits inside their own transaction, so money is always
/// decided on the database's figures. PUT clears it in this process; another instance's headroom may show the old
/// figures until its entry expires. A year without limits is not kept: once set, it shows at once.
/// </summary>
public sealed class LimitsCache(IClock clock, IOptions<LimitsCacheSettings> settings)
    : ExpiringCache<int, Limits>(clock, Duration.FromSeconds(settings.Value.LimitsCacheSeconds));
