using Columnar.Query;
using Columnar.Storage;
using Columnar.Time;

namespace Columnar.Profiles;

/// <summary>
/// What every tag and behavioural condition is evaluated against: the table, the time zone, the inclusive as-of instant,
/// the scope's lower bound and user filter. Rows after <see cref="AsOf"/> or before <see cref="Lower"/> never count.
/// </summary>
internal sealed class ProfileContext
{
    private readonly long[]? _dayStarts;

    private ProfileContext(EventTable table, TimeZoneInfo zone, string zoneId, long asOf, long lower, UserSet? users)
    {
        Table = table;
        Zone = zone;
        ZoneId = zoneId;
        AsOf = asOf;
        Lower = lower;
        Users = users;
        if (!ReferenceEquals(zone, TimeZoneInfo.Utc) && table.MinTime is { } min)
        {
            // Local midnights from the day before the first event to the day after asOf: Day(t) is a binary search.
            var first = TimeZones.LocalDate(min, zone).AddDays(-1);
            var last = TimeZones.LocalDate(Math.Max(asOf, min), zone).AddDays(2);
            var starts = new List<long>();
            for (var d = first; d <= last; d = d.AddDays(1)) starts.Add(TimeZones.StartOfLocalDate(d, zone));
            _dayStarts = starts.ToArray();
        }
    }

    public EventTable Table { get; }
    public TimeZoneInfo Zone { get; }
    public string ZoneId { get; }

    /// <summary>The as-of instant, µs UTC, inclusive.</summary>
    public long AsOf { get; }

    /// <summary>The scope's lower bound, µs UTC, inclusive (long.MinValue when none).</summary>
    public long Lower { get; }

    /// <summary>The scope's user filter, or null.</summary>
    public UserSet? Users { get; }

    public bool InScope(int user) => Users is null || Users.Contains(user);

    /// <summary>
    /// Resolves the context of <paramref name="query"/>: as-of defaults to the last event time in scope (the scope's --to bound
    /// caps it); an explicit as-of later than the scope's end is capped too.
    /// </summary>
    public static ProfileContext Create(EventQuery query, DateTimeOffset? asOf)
    {
        var scope = query.Resolve();
        var upper = scope.ToMicrosExclusive is { } t ? t - 1 : long.MaxValue;
        long resolved;
        if (asOf is { } a)
        {
            var micros = (a.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
            if (!TimeZones.IsSupported(micros))
                throw new ColumnarException(ErrorCodes.BadOption,
                    $"as-of {a.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'} is outside the supported years 1000 to 9998");
            resolved = Math.Min(upper, micros);
        }
        else
        {
            resolved = long.MinValue;
            var lower = scope.FromMicros ?? long.MinValue;
            var times = scope.Table.Times;
            if (scope.FromMicros is null && scope.ToMicrosExclusive is null) resolved = scope.Table.MaxTime ?? 0;
            else
                foreach (var x in times)
                    if (x >= lower && x <= upper && x > resolved) resolved = x;
            if (resolved == long.MinValue) resolved = scope.Table.MaxTime ?? 0;
        }
        return new ProfileContext(scope.Table, scope.Zone, scope.ZoneId, resolved, scope.FromMicros ?? long.MinValue, scope.Users);
    }

    /// <summary>A local day number, increasing by one per local date (only differences and equality are meaningful).</summary>
    public int Day(long micros)
    {
        if (_dayStarts is null) return (int)Math.Floor(micros / (double)TimeZones.MicrosPerDay);
        var i = Array.BinarySearch(_dayStarts, micros);
        return i >= 0 ? i : ~i - 1;
    }

    public DateOnly LocalDate(long micros) => TimeZones.LocalDate(micros, Zone);

    public long StartOf(DateOnly date) => TimeZones.StartOfLocalDate(date, Zone);

    /// <summary>The first row in [start, end) whose time is greater than <paramref name="t"/> (rows are time-sorted per user).</summary>
    public int FirstAfter(int start, int end, long t)
    {
        var times = Table.Times;
        int lo = start, hi = end;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (times[mid] > t) hi = mid; else lo = mid + 1;
        }
        return lo;
    }

    /// <summary>The rows of <paramref name="user"/> in scope: times in [Lower, AsOf].</summary>
    public (int Start, int End) Rows(int user)
    {
        var offsets = Table.Offsets;
        int s = offsets[user], e = offsets[user + 1];
        if (Lower != long.MinValue) s = FirstAfter(s, e, Lower - 1);
        e = FirstAfter(s, e, AsOf);
        return (s, e);
    }
}
