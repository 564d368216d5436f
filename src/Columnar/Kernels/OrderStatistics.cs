using System.Numerics;

namespace Columnar.Kernels;

/// <summary>
/// Exact order statistics of non-negative int64 values spread over several buffers (the per-range partials), by radix
/// selection: each pass histograms the next 16 bits of the values that share the prefix found so far, so a 40-bit value costs
/// three reads of the data and no copy, however many values tie.
/// </summary>
internal static class OrderStatistics
{
    private const int RadixBits = 16;

    /// <summary>The median of the values of one buffer; see <see cref="Median(IReadOnlyList{ReadOnlyMemory{long}})"/>.</summary>
    public static double? Median(ReadOnlySpan<long> values) => Median([values.ToArray()]);

    /// <summary>
    /// The median as DuckDB's <c>median</c> (<c>quantile_cont(0.5)</c>) computes it: the middle value, or for an even count
    /// lo + (hi − lo)·0.5 in double arithmetic over the two middle values. Null when there are no values.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is negative.</exception>
    public static double? Median(IReadOnlyList<ReadOnlyMemory<long>> chunks)
    {
        long n = 0, max = 0;
        foreach (var c in chunks)
        {
            n += c.Length;
            var m = Aggregation.Max(c.Span);
            if (c.Length > 0 && Aggregation.Min(c.Span) < 0) throw new ArgumentOutOfRangeException(nameof(chunks), "values must not be negative");
            max = Math.Max(max, m);
        }
        if (n == 0) return null;
        var (lo, hi) = Select(chunks, (n - 1) / 2, n / 2, max);
        return n % 2 == 1 ? lo : (double)lo + ((double)hi - (double)lo) * 0.5;
    }

    /// <summary>The <paramref name="a"/>-th and <paramref name="b"/>-th smallest values (0-based), found in the same passes.</summary>
    public static (long A, long B) Select(IReadOnlyList<ReadOnlyMemory<long>> chunks, long a, long b, long max)
    {
        // Every value is below 2^shift, so all of them share the empty prefix 0 above it.
        var shift = 64 - BitOperations.LeadingZeroCount((ulong)max);
        long prefixA = 0, prefixB = 0;
        var histA = new long[1 << RadixBits];
        var histB = new long[1 << RadixBits];
        while (shift > 0)
        {
            var low = Math.Max(0, shift - RadixBits);
            var mask = (1L << (shift - low)) - 1;
            Array.Clear(histA);
            var split = prefixA != prefixB;
            if (split) Array.Clear(histB);
            foreach (var chunk in chunks)
            {
                foreach (var v in chunk.Span)
                {
                    var top = v >> shift;
                    if (top == prefixA) histA[(v >> low) & mask]++;
                    else if (split && top == prefixB) histB[(v >> low) & mask]++;
                }
            }
            (prefixA, a) = Descend(histA, prefixA, a, shift - low);
            (prefixB, b) = Descend(split ? histB : histA, prefixB, b, shift - low);
            shift = low;
        }
        return (prefixA, prefixB);
    }

    private static (long Prefix, long Rank) Descend(long[] histogram, long prefix, long rank, int width)
    {
        var bucket = 0;
        while (rank >= histogram[bucket]) rank -= histogram[bucket++];
        return ((prefix << width) | (long)bucket, rank);
    }
}
