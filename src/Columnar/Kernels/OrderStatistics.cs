namespace Columnar.Kernels;

/// <summary>Order statistics of int64 values by in-place selection (introselect: Hoare partitions around a median of three).</summary>
internal static class OrderStatistics
{
    /// <summary>
    /// The median as DuckDB's <c>median</c> (<c>quantile_cont(0.5)</c>) computes it: the middle value, or for an even count
    /// lo + (hi − lo)·0.5 in double arithmetic over the two middle values. Null when empty. Reorders <paramref name="values"/>.
    /// </summary>
    public static double? Median(Span<long> values)
    {
        var n = values.Length;
        if (n == 0) return null;
        var k = (n - 1) / 2;
        var lo = Select(values, k);
        if (n % 2 == 1) return lo;
        // After selection everything right of k is ≥ the k-th value, so the next order statistic is their minimum.
        var hi = Aggregation.Min(values[(k + 1)..]);
        return (double)lo + ((double)hi - (double)lo) * 0.5;
    }

    /// <summary>The k-th smallest value (0-based); afterwards values[..k] ≤ values[k] ≤ values[(k+1)..].</summary>
    public static long Select(Span<long> values, int k)
    {
        if ((uint)k >= (uint)values.Length) throw new ArgumentOutOfRangeException(nameof(k));
        int left = 0, right = values.Length - 1;
        var budget = 2 * (32 - System.Numerics.BitOperations.LeadingZeroCount((uint)values.Length));
        while (right > left)
        {
            if (budget-- == 0)
            {
                // Adversarial input: fall back to sorting the remaining window, O(n log n) at worst.
                values[left..(right + 1)].Sort();
                return values[k];
            }
            var mid = left + (right - left) / 2;
            if (values[mid] < values[left]) (values[mid], values[left]) = (values[left], values[mid]);
            if (values[right] < values[left]) (values[right], values[left]) = (values[left], values[right]);
            if (values[right] < values[mid]) (values[right], values[mid]) = (values[mid], values[right]);
            var pivot = values[mid];
            int i = left, j = right;
            while (i <= j)
            {
                while (values[i] < pivot) i++;
                while (values[j] > pivot) j--;
                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }
            if (k <= j) right = j;
            else if (k >= i) left = i;
            else return values[k];
        }
        return values[k];
    }
}
