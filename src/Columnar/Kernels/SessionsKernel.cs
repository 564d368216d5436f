using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Columnar.Kernels;

/// <summary>
/// The sessions of the user ranges one worker folded: exact integer totals, the histogram, and every duration (for the exact
/// median). Totals, counts and the multiset of durations do not depend on which ranges a worker took, so merging the workers'
/// accumulators gives the same result for any number of threads.
/// </summary>
internal sealed class SessionsAccumulator(int buckets, int expectedSessions = 0) : IDisposable
{
    public long Sessions;
    public long Users;
    public long Events;
    public long TotalDurationMicros;
    public long Bounces;
    public readonly long[] Histogram = new long[buckets];

    /// <summary>The durations' <see cref="OrderStatistics"/> bucket histogram, built as they are produced.</summary>
    public readonly int[] DurationHistogram = OrderStatistics.NewHistogram();

    /// <summary>The durations in µs, in a buffer rented from the shared pool (so repeated runs reuse it); see <see cref="Dispose"/>.</summary>
    public long[] Durations = [];
    public int DurationCount;

    /// <summary>Makes room for <paramref name="more"/> durations.</summary>
    public void Reserve(int more)
    {
        if (DurationCount + more <= Durations.Length) return;
        // The first rent takes the expected total, so a typical run never copies (and the pool hands the same buffer back next time).
        var grown = ArrayPool<long>.Shared.Rent(Math.Max(DurationCount + more, Math.Max(Math.Max(1 << 16, expectedSessions), 2 * Durations.Length)));
        Durations.AsSpan(0, DurationCount).CopyTo(grown);
        Dispose();
        Durations = grown;
    }

    /// <summary>The durations collected so far.</summary>
    public ReadOnlyMemory<long> DurationValues => Durations.AsMemory(0, DurationCount);

    /// <summary>Returns the durations buffer to the pool once the median is taken.</summary>
    public void Dispose()
    {
        if (Durations.Length > 0) ArrayPool<long>.Shared.Return(Durations);
        Durations = [];
    }
}

/// <summary>
/// The duration histogram's floors, and for each <see cref="OrderStatistics"/> bucket the histogram bucket all its values fall
/// in, or −1 for the few buckets a floor splits. The walk then only tests the floors for durations in split buckets; the
/// others are added per bucket from the median's histogram once the fold is done.
/// </summary>
internal sealed class SessionBuckets
{
    /// <param name="floors">Ascending positive floors (µs): a duration of 0 goes to bucket 0, any other to 1 + the number of floors ≤ it.</param>
    public SessionBuckets(long[] floors)
    {
        Floors = floors;
        ByKey = new sbyte[OrderStatistics.BucketCount];
        for (var k = 0; k < ByKey.Length; k++)
        {
            var (low, high) = OrderStatistics.BucketRange(k);
            var b = Of(low);
            ByKey[k] = (sbyte)(b == Of(high) ? b : -1);
        }
    }

    public long[] Floors { get; }

    /// <summary>The histogram bucket of every value of each median bucket, or −1 where a floor splits it.</summary>
    public sbyte[] ByKey { get; }

    /// <summary>The number of histogram buckets.</summary>
    public int Count => Floors.Length + 2;

    /// <summary>The histogram bucket of duration <paramref name="d"/>.</summary>
    public int Of(long d)
    {
        var bucket = d != 0 ? 1 : 0;
        foreach (var floor in Floors) bucket += d >= floor ? 1 : 0;
        return bucket;
    }

    /// <summary>Adds the durations of the unsplit median buckets to <paramref name="into"/>'s histogram (those of split ones were
    /// added one by one).</summary>
    public void Finish(SessionsAccumulator into)
    {
        var keys = into.DurationHistogram;
        for (var k = 0; k < keys.Length; k++)
            if (keys[k] != 0 && ByKey[k] >= 0) into.Histogram[ByKey[k]] += keys[k];
    }
}

/// <summary>
/// Sessions over a user range in one streaming pass over the times: blocks of <see cref="Block"/> rows are marked by
/// <see cref="SessionBoundaries"/> (gap greater than the timeout) into a small stack bitset, user starts from the offset index
/// are OR-ed in, and the set bits are walked while the block is still in cache, closing each session as the next one starts:
/// events = rows between starts, duration = last − first time. Without a time filter the range's rows are one run; with one,
/// each user's scoped run is its own run.
/// </summary>
internal static class SessionsKernel
{
    /// <summary>Rows per marked block: the bitset (64 words) and the block's times (32 KB) stay in L1/L2 while walked.</summary>
    private const int Block = 4096;

    /// <summary>Folds the sessions of users [<paramref name="userStart"/>, <paramref name="userEnd"/>) into <paramref name="into"/>.</summary>
    /// <param name="into">The worker's accumulator.</param>
    /// <param name="times">All rows' times (µs UTC), non-decreasing within each user.</param>
    /// <param name="offsets">The user offset index.</param>
    /// <param name="userStart">The first user of the range.</param>
    /// <param name="userEnd">One past the last user of the range.</param>
    /// <param name="from">Inclusive lower time bound, or null.</param>
    /// <param name="to">Exclusive upper time bound, or null.</param>
    /// <param name="timeoutMicros">A gap strictly greater than this starts a session.</param>
    /// <param name="buckets">The duration histogram; call <see cref="SessionBuckets.Finish"/> on the accumulator after the fold.</param>
    /// <param name="path">The SIMD path.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(SessionsAccumulator into, ReadOnlySpan<long> times, ReadOnlySpan<int> offsets, int userStart, int userEnd,
        long? from, long? to, long timeoutMicros, SessionBuckets buckets, SimdPath path)
    {
        Span<ulong> bits = stackalloc ulong[Bits.Words(Block + 1)];
        if (from is null && to is null)
        {
            for (var u = userStart; u < userEnd; u++)
                if (offsets[u + 1] > offsets[u]) into.Users++;
            AddRun(into, times, offsets[userStart], offsets[userEnd], offsets[(userStart + 1)..userEnd], timeoutMicros, buckets, bits, path);
            return;
        }
        for (var u = userStart; u < userEnd; u++)
        {
            var (lo, hi) = ScopedRuns.Of(times, offsets[u], offsets[u + 1], from, to);
            if (hi == lo) continue;
            into.Users++;
            AddRun(into, times, lo, hi, default, timeoutMicros, buckets, bits, path);
        }
    }

    /// <summary>The sessions of rows [<paramref name="lo"/>, <paramref name="hi"/>): row lo starts one, and so does every row in
    /// <paramref name="userStarts"/> (ascending; rows outside (lo, hi) are ignored) and every row after a gap over the timeout.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddRun(SessionsAccumulator into, ReadOnlySpan<long> times, int lo, int hi, ReadOnlySpan<int> userStarts,
        long timeoutMicros, SessionBuckets buckets, Span<ulong> bits, SimdPath path)
    {
        if (hi <= lo) return;
        into.Reserve(hi - lo);
        var durations = into.Durations;
        var count = into.DurationCount;
        var keys = into.DurationHistogram;
        var byKey = buckets.ByKey;
        long total = 0, bounces = 0;
        var startRow = lo;
        var startTime = times[lo];
        var nextUser = 0;
        for (var b0 = lo; b0 < hi; b0 += Block)
        {
            var b1 = Math.Min(hi, b0 + Block);
            Prefetch.Range(times, b1, Math.Min(hi, b1 + Block));
            // The first block starts at the run's first row; later ones include the previous row so its gap to the block's first row is seen.
            var at = b0 == lo ? lo : b0 - 1;
            var n = b1 - at;
            SessionBoundaries.Mark(times[at..b1], default, timeoutMicros, bits, path);
            bits[0] &= ~1UL; // row `at` is the run's first row or was walked with the previous block
            while (nextUser < userStarts.Length && userStarts[nextUser] < b1)
            {
                var r = userStarts[nextUser++] - at;
                if (r > 0) bits[r >> 6] |= 1UL << (r & 63);
            }
            for (var w = 0; w < Bits.Words(n); w++)
            {
                var word = bits[w];
                while (word != 0)
                {
                    var e = at + (w << 6) + BitOperations.TrailingZeroCount(word);
                    word &= word - 1;
                    var d = times[e - 1] - startTime;
                    durations[count++] = d;
                    total += d;
                    bounces += e - startRow == 1 ? 1 : 0;
                    var k = OrderStatistics.BucketOf(d);
                    keys[k]++;
                    if (byKey[k] < 0) into.Histogram[buckets.Of(d)]++;
                    startRow = e;
                    startTime = times[e];
                }
            }
        }
        var last = times[hi - 1] - startTime;
        durations[count++] = last;
        total += last;
        bounces += hi - startRow == 1 ? 1 : 0;
        var lastKey = OrderStatistics.BucketOf(last);
        keys[lastKey]++;
        if (byKey[lastKey] < 0) into.Histogram[buckets.Of(last)]++;
        into.Sessions += count - into.DurationCount;
        into.DurationCount = count;
        into.Events += hi - lo;
        into.TotalDurationMicros += total;
        into.Bounces += bounces;
    }
}
