using NodaTime;

namespace Burgerbaan.Api.Common;

/// <summary>"Today" is the date in Almere, from the injected clock.</summary>
public static class Today
{
    public static readonly DateTimeZone Amsterdam = DateTimeZoneProviders.Tzdb["Europe/Amsterdam"];

    public static LocalDate In(IClock clock) => clock.GetCurrentInstant().InZone(Amsterdam).Date;
}
