namespace Columnar.Kernels;

/// <summary>
/// The time filter on the user-sorted table: a user's rows in [from, to) are one contiguous run, found by two binary searches
/// in the user's times, so no analysis looks at a row outside the scope.
/// </summary>
internal static class ScopedRuns
{
    /// <summary>The rows [lo, hi) of rows [start, end) (one user's run) whose time lies in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public static (int Lo, int Hi) Of(ReadOnlySpan<long> times, int start, int end, long? from, long? to)
    {
        if (from is null && to is null) return (start, end);
        var run = times[start..end];
        var lo = from is { } f ? SortedSearch.LowerBound(run, f) : 0;
        var hi = to is { } t ? lo + SortedSearch.LowerBound(run[lo..], t) : run.Length;
        return (start + lo, start + hi);
    }

    /// <summary>The latest scoped time of users [<paramref name="userStart"/>, <paramref name="userEnd"/>), or <see cref="long.MinValue"/> when none.</summary>
    public static long MaxTime(ReadOnlySpan<long> times, ReadOnlySpan<int> offsets, int userStart, int userEnd, long? from, long? to)
    {
        var max = long.MinValue;
        for (var u = userStart; u < userEnd; u++)
        {
            var (lo, hi) = Of(times, offsets[u], offsets[u + 1], from, to);
            if (hi > lo) max = Math.Max(max, times[hi - 1]);
        }
        return max;
    }

    /// <summary>
    /// The latest local day of any scoped row of users [<paramref name="userStart"/>, <paramref name="userEnd"/>), or
    /// <see cref="int.MinValue"/> when none. Every row is looked at, so it is exact even where local days are not monotone.
    /// </summary>
    public static int MaxLocalDay(ReadOnlySpan<long> times, ReadOnlySpan<int> offsets, int userStart, int userEnd, long? from, long? to, ZoneCalendar calendar)
    {
        var max = int.MinValue;
        for (var u = userStart; u < userEnd; u++)
        {
            var (lo, hi) = Of(times, offsets[u], offsets[u + 1], from, to);
            for (var r = lo; r < hi; r++) max = Math.Max(max, calendar.LocalDay(times[r]));
        }
        return max;
    }
}
