using Columnar.Analytics;

namespace Columnar.Kernels;

/// <summary>
/// A time zone's UTC offsets over a time range, precomputed once from <see cref="TimeZoneInfo"/> as a table of transition
/// instants, so local days and calendar periods of events cost a table lookup and a division, with no zone call per event.
/// Local day = floor((t + offset(t)) / 1 day), which is DST-correct because the offset is the one in force at t.
/// </summary>
internal sealed class ZoneCalendar
{
    public const long MicrosPerDay = 86_400_000_000L;
    private const long MicrosPerSecond = 1_000_000L;

    /// <summary>Sampling step. Zones change offset at most a few times a year, never twice within 6 hours.</summary>
    private const long Step = 6 * 3600 * MicrosPerSecond;

    /// <summary>UTC instants (µs) at which the offset changes, ascending.</summary>
    private readonly long[] _transitions;

    /// <summary>Offsets (µs) in force before the first transition, between transitions, and after the last: one more than transitions.</summary>
    private readonly long[] _offsets;

    private ZoneCalendar(long[] transitions, long[] offsets)
    {
        _transitions = transitions;
        _offsets = offsets;
        Monotone = true;
        for (var i = 0; i < transitions.Length; i++)
        {
            // A backward jump across local midnight makes the local day of a later instant smaller than an earlier one's.
            var t = transitions[i];
            if (LocalDayWith(t - 1, offsets[i]) > LocalDayWith(t, offsets[i + 1])) Monotone = false;
        }
    }

    /// <summary>True when local days (and so weeks and months) never decrease as UTC time increases over the range.</summary>
    public bool Monotone { get; }

    /// <summary>The number of offset changes in the range.</summary>
    public int Transitions => _transitions.Length;

    /// <summary>
    /// The offsets of <paramref name="zone"/> for instants in [<paramref name="minMicros"/>, <paramref name="maxMicros"/>] (µs UTC).
    /// Instants outside the range use the offset at its nearest end.
    /// </summary>
    public static ZoneCalendar Build(TimeZoneInfo zone, long minMicros, long maxMicros)
    {
        if (ReferenceEquals(zone, TimeZoneInfo.Utc)) return new ZoneCalendar([], [0]);
        if (zone.GetAdjustmentRules().Length == 0) return new ZoneCalendar([], [zone.BaseUtcOffset.Ticks / 10]);
        var lo = Math.Max(minMicros - MicrosPerDay, MinMicros);
        var hi = Math.Min(Math.Max(maxMicros, minMicros) + MicrosPerDay, MaxMicros);
        var transitions = new List<long>();
        var offsets = new List<long> { OffsetOf(zone, lo) };
        for (var a = lo; a < hi;)
        {
            var b = Math.Min(a + Step, hi);
            var before = offsets[^1];
            if (OffsetOf(zone, b) != before)
            {
                // Offsets change on whole seconds: find the first second in (a, b] with the new offset.
                long l = CivilDays.FloorDiv(a, MicrosPerSecond), h = CivilDays.FloorDiv(b, MicrosPerSecond) + 1;
                while (h - l > 1)
                {
                    var m = l + (h - l) / 2;
                    if (OffsetOf(zone, m * MicrosPerSecond) == before) l = m; else h = m;
                }
                transitions.Add(Math.Max(h * MicrosPerSecond, a + 1));
                offsets.Add(OffsetOf(zone, b));
            }
            a = b;
        }
        return new ZoneCalendar(transitions.ToArray(), offsets.ToArray());
    }

    private static readonly long MinMicros = (DateTime.MinValue.AddDays(2) - DateTime.UnixEpoch).Ticks / 10;
    private static readonly long MaxMicros = (DateTime.MaxValue.AddDays(-2) - DateTime.UnixEpoch).Ticks / 10;

    private static long OffsetOf(TimeZoneInfo zone, long micros) =>
        zone.GetUtcOffset(new DateTime(DateTime.UnixEpoch.Ticks + micros * 10, DateTimeKind.Utc)).Ticks / 10;

    /// <summary>The UTC offset in µs in force at <paramref name="micros"/>.</summary>
    public long OffsetAt(long micros)
    {
        var t = _transitions;
        if (t.Length == 0) return _offsets[0];
        int lo = 0, hi = t.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (t[mid] <= micros) lo = mid + 1; else hi = mid;
        }
        return _offsets[lo];
    }

    /// <summary>The local day number (days since 1970-01-01) of UTC instant <paramref name="micros"/>.</summary>
    public int LocalDay(long micros) => LocalDayWith(micros, OffsetAt(micros));

    private static int LocalDayWith(long micros, long offset) => (int)CivilDays.FloorDiv(micros + offset, MicrosPerDay);

    /// <summary>The calendar period of UTC instant <paramref name="micros"/>.</summary>
    public int PeriodOf(long micros, CalendarPeriod period) => CivilDays.PeriodOf(LocalDay(micros), period);

    /// <summary>
    /// The first UTC instant of each period <paramref name="first"/>..<paramref name="last"/> + 1: entry j is the smallest instant whose
    /// period is at least first + j. Only meaningful when <see cref="Monotone"/>. One merge over periods and offset segments.
    /// </summary>
    public long[] PeriodStarts(CalendarPeriod period, int first, int last)
    {
        var starts = new long[last - first + 2];
        var segment = 0;
        for (var j = 0; j < starts.Length; j++)
        {
            var boundary = CivilDays.FirstDay(first + j, period) * MicrosPerDay;
            while (true)
            {
                var begin = segment == 0 ? long.MinValue : _transitions[segment - 1];
                var end = segment == _transitions.Length ? long.MaxValue : _transitions[segment];
                var u = Math.Max(begin, boundary - _offsets[segment]);
                if (u < end)
                {
                    starts[j] = u;
                    break;
                }
                segment++;
            }
        }
        return starts;
    }
}
