using System.Numerics;

namespace Columnar.Kernels;

/// <summary>
/// Exact order statistics of non-negative int64 values spread over several buffers (the per-range partials), without copying
/// them. A sorted sample brackets the wanted ranks between two pivots; one pass counts the values below, equal to and above them
/// and keeps only those strictly between, which are few, so ties (such as many 0 s sessions) cost nothing. Where the bracket
/// misses, radix selection finishes: each pass histograms the next bits of the values sharing the prefix found so far.
/// </summary>
internal static class OrderStatistics
{
    private const int RadixBits = 11;

    /// <summary>The median of the values of one buffer; see <see cref="Median(IReadOnlyList{ReadOnlyMemory{long}}, int)"/>.</summary>
    public static double? Median(ReadOnlySpan<long> values) => Median([values.ToArray()]);

    /// <summary>
    /// The median as DuckDB's <c>median</c> (<c>quantile_cont(0.5)</c>) computes it: the middle value, or for an even count
    /// lo + (hi − lo)·0.5 in double arithmetic over the two middle values. Null when there are no values.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is negative.</exception>
    public static double? Median(IReadOnlyList<ReadOnlyMemory<long>> chunks, int threads = 1)
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
        var (lo, hi) = SampleSelect(chunks, n, (n - 1) / 2, n / 2, threads) ?? Select(chunks, (n - 1) / 2, n / 2, max);
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

    private const int SampleSize = 16_384;

    /// <summary>The a-th and b-th smallest (a ≤ b) through a sample's bracket, or null when the bracket misses either rank.</summary>
    public static (long A, long B)? SampleSelect(IReadOnlyList<ReadOnlyMemory<long>> chunks, long n, long a, long b, int threads = 1)
    {
        if (n < 4 * SampleSize) return null;
        // An even stride through the concatenated values: deterministic, and as good as random for the data we see.
        var sample = new long[SampleSize];
        var stride = n / SampleSize;
        long next = 0, seen = 0;
        var taken = 0;
        foreach (var chunk in chunks)
        {
            var span = chunk.Span;
            while (taken < SampleSize && next < seen + span.Length)
            {
                sample[taken++] = span[(int)(next - seen)];
                next += stride;
            }
            seen += span.Length;
        }
        System.Array.Sort(sample, 0, taken);
        // The sample ranks of the wanted values stray by about √taken / 2; a margin of 2√taken misses with negligible odds.
        var margin = (int)(2 * Math.Sqrt(taken)) + 1;
        var low = sample[(int)Math.Max(0, a * taken / n - margin)];
        var high = sample[(int)Math.Min(taken - 1, b * taken / n + margin)];
        // Each chunk is counted on its own (in parallel), keeping the values strictly between the pivots in its share of the room.
        var capacity = (int)Math.Min(n, 4 * (n / taken + 1) * (2 * margin + 1)) + 1;
        var counts = new (long Below, long AtLow, long AtHigh, long[] Between, int Kept)[chunks.Count];
        var overflow = false;
        Parallel.For(0, chunks.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) }, c =>
        {
            var span = chunks[c].Span;
            var room = (int)Math.Min(span.Length, (long)capacity * span.Length / n + 64) + 1;
            var between = new long[room];
            long below = 0, atLow = 0, atHigh = 0;
            var kept = 0;
            foreach (var v in span)
            {
                // Written unconditionally and kept by advancing the count: no branch to mispredict.
                below += v < low ? 1 : 0;
                atLow += v == low ? 1 : 0;
                atHigh += v == high ? 1 : 0;
                between[kept] = v;
                kept += (v > low) & (v < high) ? 1 : 0;
                if (kept == room)
                {
                    Volatile.Write(ref overflow, true);
                    return;
                }
            }
            counts[c] = (below, atLow, atHigh, between, kept);
        });
        if (overflow) return null;
        long below = 0, atLow = 0, atHigh = 0;
        var kept = 0;
        foreach (var c in counts) kept += c.Kept;
        var between = new long[kept];
        kept = 0;
        foreach (var c in counts)
        {
            below += c.Below;
            atLow += c.AtLow;
            atHigh += c.AtHigh;
            if (c.Between is not null) c.Between.AsSpan(0, c.Kept).CopyTo(between.AsSpan(kept));
            kept += c.Kept;
        }
        if (low == high) atHigh = 0;
        System.Array.Sort(between, 0, kept);
        long? Pick(long rank)
        {
            if (rank < below) return null;
            rank -= below;
            if (rank < atLow) return low;
            rank -= atLow;
            if (rank < kept) return between[(int)rank];
            rank -= kept;
            return rank < atHigh ? high : null;
        }
        return Pick(a) is { } x && Pick(b) is { } y ? (x, y) : null;
    }

    private static (long Prefix, long Rank) Descend(long[] histogram, long prefix, long rank, int width)
    {
        var bucket = 0;
        while (rank >= histogram[bucket]) rank -= histogram[bucket++];
        return ((prefix << width) | (long)bucket, rank);
    }
}
