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
}
