namespace Columnar.Time;

/// <summary>Time-zone helpers: IANA zone lookup and conversion between UTC microseconds and local calendar dates.</summary>
public static class TimeZones
{
    /// <summary>Microseconds per day.</summary>
    public const long MicrosPerDay = 86_400_000_000L;

    /// <summary>
    /// The earliest event time a table may hold, µs UTC: 1000-01-01T00:00:00Z. Ingest rejects earlier times (COL0004), so
    /// calendar bucketing in any zone, day offsets and period arithmetic stay inside <see cref="DateTime"/>'s range.
    /// </summary>
    public const long MinEventMicros = -30_610_224_000_000_000L;

    /// <summary>The latest event time a table may hold, µs UTC, inclusive: 9998-12-31T23:59:59.999999Z (see <see cref="MinEventMicros"/>).</summary>
    public const long MaxEventMicros = 253_370_764_799_999_999L;

    /// <summary>The first local date whose start <see cref="StartOfLocalDate"/> returns as itself: earlier dates are clamped to it.</summary>
    internal static readonly DateOnly MinBoundDate = new(999, 12, 30);

    /// <summary>The last local date whose start <see cref="StartOfLocalDate"/> returns as itself: later dates are clamped to it.</summary>
    internal static readonly DateOnly MaxBoundDate = new(9999, 1, 2);

    /// <summary>True when <paramref name="micros"/> lies in the supported event range [<see cref="MinEventMicros"/>, <see cref="MaxEventMicros"/>].</summary>
    public static bool IsSupported(long micros) => micros is >= MinEventMicros and <= MaxEventMicros;

    /// <summary>The proleptic Gregorian year (UTC) of <paramref name="micros"/> µs, or of <paramref name="micros"/> as a decimal, also outside <see cref="DateTime"/>'s range.</summary>
    internal static decimal YearOf(decimal micros)
    {
        // The calendar repeats every 400 years (146,097 days): shift the day into 2000..2399, take its year, shift back.
        const long cycleDays = 146_097;
        var day = decimal.Floor(micros / MicrosPerDay) - 10_957; // days since 2000-01-01
        var cycles = decimal.Floor(day / cycleDays);
        var inCycle = (int)(day - cycles * cycleDays);
        return new DateOnly(2000, 1, 1).AddDays(inCycle).Year + cycles * 400;
    }

    /// <summary>Finds an IANA (or Windows) time zone such as <c>Asia/Shanghai</c> or <c>UTC</c>; UTC, Etc/UTC and Z map to
    /// <see cref="TimeZoneInfo.Utc"/>, so UTC tables take the fast paths that test for it.</summary>
    /// <exception cref="ColumnarException">COL0011 when the zone is unknown.</exception>
    public static TimeZoneInfo Find(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        if (id is "UTC" or "Etc/UTC" or "utc" or "Z") return TimeZoneInfo.Utc;
        try
        {
            var zone = CaseChecked(TimeZoneInfo.FindSystemTimeZoneById(id), id);
            return zone.Id is "UTC" or "Etc/UTC" && zone.BaseUtcOffset == TimeSpan.Zero && !zone.SupportsDaylightSavingTime ? TimeZoneInfo.Utc : zone;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            throw new ColumnarException(ErrorCodes.UnknownTimeZone, $"unknown time zone '{id}' ({Hint(id)})", inner: e);
        }
    }

    /// <summary>The zone found for <paramref name="id"/>, unless only its case differs: once the process has listed the system
    /// zones, .NET finds ids regardless of case, before that it does not, so the case is checked here to answer the same always.</summary>
    /// <exception cref="ColumnarException">COL0011 with the id in the right case.</exception>
    internal static TimeZoneInfo CaseChecked(TimeZoneInfo zone, string id) =>
        !string.Equals(zone.Id, id, StringComparison.Ordinal) && string.Equals(zone.Id, id, StringComparison.OrdinalIgnoreCase)
            ? throw new ColumnarException(ErrorCodes.UnknownTimeZone, $"unknown time zone '{id}' (zone ids are case-sensitive: did you mean '{zone.Id}'?)")
            : zone;

    /// <summary>What to write instead of an unknown zone id: the id with the same letters in another case when the system
    /// has one (ids are case-sensitive), else an example.</summary>
    internal static string Hint(string id)
    {
        foreach (var zone in TimeZoneInfo.GetSystemTimeZones())
            if (string.Equals(zone.Id, id, StringComparison.OrdinalIgnoreCase))
                return $"zone ids are case-sensitive: did you mean '{zone.Id}'?";
        return "use an IANA id such as 'UTC' or 'Asia/Shanghai'";
    }

    /// <summary>The IANA id for <paramref name="id"/>: a Windows id (which .NET also accepts, but DuckDB does not) becomes its
    /// IANA equivalent, so both engines get the same zone; any other id is returned as given.</summary>
    public static string CanonicalId(string id) =>
        !id.Contains('/') && id is not ("UTC" or "utc" or "Etc/UTC") && TimeZoneInfo.TryConvertWindowsIdToIanaId(id, out var iana) ? iana : id;

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
    /// Dates before 0999-12-30 or after 9999-01-02 are taken as those dates: every event lies between them in any zone, so a
    /// bound beyond them still covers all data, and the conversion never overflows.
    /// </summary>
    public static long StartOfLocalDate(DateOnly date, TimeZoneInfo zone)
    {
        if (date < MinBoundDate) date = MinBoundDate;
        else if (date > MaxBoundDate) date = MaxBoundDate;
        var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        if (ReferenceEquals(zone, TimeZoneInfo.Utc)) return ToMicros(DateTime.SpecifyKind(local, DateTimeKind.Utc));
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(1);
        // Ambiguous midnight (a DST fall-back at midnight): the day starts at the earlier instant.
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return ToMicros(DateTime.SpecifyKind(local - offset, DateTimeKind.Utc));
    }

    /// <summary>
    /// The UTC instant (µs) at which the local date after <paramref name="date"/> starts: the exclusive end of an inclusive
    /// date bound. Safe for <see cref="DateOnly.MaxValue"/> (clamped as in <see cref="StartOfLocalDate"/>).
    /// </summary>
    public static long EndOfLocalDate(DateOnly date, TimeZoneInfo zone) =>
        StartOfLocalDate(date >= MaxBoundDate ? MaxBoundDate : date.AddDays(1), zone);
}
