namespace Columnar.Time;

/// <summary>Time-zone helpers: IANA zone lookup and conversion between UTC microseconds and local calendar dates.</summary>
public static class TimeZones
{
    /// <summary>Microseconds per day.</summary>
    public const long MicrosPerDay = 86_400_000_000L;

    /// <summary>Finds an IANA time zone such as <c>Asia/Shanghai</c> or <c>UTC</c>.</summary>
    /// <exception cref="ColumnarException">COL0011 when the zone is unknown.</exception>
    public static TimeZoneInfo Find(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        if (id is "UTC" or "Etc/UTC" or "utc") return TimeZoneInfo.Utc;
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new ColumnarException(ErrorCodes.UnknownTimeZone, $"unknown time zone '{id}' (use an IANA id such as 'UTC' or 'Asia/Shanghai')", inner: e);
        }
    }

    /// <summary>The UTC instant (µs since the Unix epoch) as a <see cref="DateTime"/> of kind UTC.</summary>
    public static DateTime ToDateTime(long micros) => DateTime.UnixEpoch.AddTicks(micros * 10);

    /// <summary>A UTC <see cref="DateTime"/> as µs since the Unix epoch.</summary>
    public static long ToMicros(DateTime utc) => (utc.ToUniversalTime() - DateTime.UnixEpoch).Ticks / 10;

    /// <summary>The local calendar date in <paramref name="zone"/> of the UTC instant <paramref name="micros"/>.</summary>
    public static DateOnly LocalDate(long micros, TimeZoneInfo zone)
    {
        var utc = ToDateTime(micros);
        return DateOnly.FromDateTime(ReferenceEquals(zone, TimeZoneInfo.Utc) ? utc : TimeZoneInfo.ConvertTimeFromUtc(utc, zone));
    }

    /// <summary>
    /// The UTC instant (µs) at which local date <paramref name="date"/> starts in <paramref name="zone"/>.
    /// When local midnight does not exist (a DST gap at midnight), the day starts at the first valid local time.
    /// </summary>
    public static long StartOfLocalDate(DateOnly date, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        if (ReferenceEquals(zone, TimeZoneInfo.Utc)) return ToMicros(DateTime.SpecifyKind(local, DateTimeKind.Utc));
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(1);
        // Ambiguous midnight (a DST fall-back at midnight): the day starts at the earlier instant.
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return ToMicros(DateTime.SpecifyKind(local - offset, DateTimeKind.Utc));
    }
}
