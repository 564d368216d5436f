namespace Columnar.Kernels;

/// <summary>Searches in non-decreasing int64 runs (a user's times).</summary>
internal static class SortedSearch
{
    /// <summary>The first index i in [0, length) with sorted[i] ≥ value, or length.</summary>
    public static int LowerBound(ReadOnlySpan<long> sorted, long value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /// <summary>
    /// <see cref="LowerBound"/> by galloping from <paramref name="from"/> (which must satisfy sorted[from − 1] &lt; value when
    /// from &gt; 0): doubling steps then a binary search, so a nearby answer costs O(log distance).
    /// </summary>
    public static int GallopLowerBound(ReadOnlySpan<long> sorted, int from, long value)
    {
        var n = sorted.Length;
        if (from >= n || sorted[from] >= value) return from;
        int lo = from, step = 1, hi = from + 1;
        while (hi < n && sorted[hi] < value)
        {
            lo = hi;
            step <<= 1;
            hi = Math.Min(n, lo + step);
        }
        // sorted[lo] < value, and hi == n or sorted[hi] >= value.
        return lo + 1 + LowerBound(sorted[(lo + 1)..hi], value);
    }
}
