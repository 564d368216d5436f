using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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
        if (path == SimdPath.V512 && CompressWalk.IsSupported && hi - lo > 2 * Vector512<long>.Count)
        {
            CompressWalk.AddRun(into, times, lo, hi, userStarts, timeoutMicros, buckets);
            return;
        }
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

/// <summary>
/// The 512-bit sessions walk: no bitset and no per-session branch. Each step loads 8 times and the 8 before them (shifted by
/// one row), marks the lanes that start a session (gap over the timeout, or a user start from a small per-block bitset),
/// and compresses the start lanes' times, the times before them (the closed sessions' last times) and their row numbers to
/// the front. The closed sessions' first times and rows are those starts shifted one lane down with the previous step's last
/// start in lane 0, so the durations and row counts of up to 8 sessions come out of a few vector instructions and are
/// stored at the end of the durations buffer; the lanes past the number of starts hold garbage the next store overwrites.
/// A second pass over each block's new durations, still in L1, adds the total, the median's bucket keys and the histogram.
/// </summary>
internal static class CompressWalk
{
    /// <summary>Rows per block: its user-start bits and new durations stay in L1. The times stream in order, which the hardware
    /// prefetchers follow; a software prefetch of the next block measured 10–20 % slower (AMD EPYC, 1 and 2 threads).</summary>
    private const int Block = 4096;

    private static readonly int Lanes = Vector512<long>.Count;

    /// <summary>True when the hardware has the AVX-512 compress and leading-zero-count instructions this walk needs.</summary>
    public static bool IsSupported => Avx512F.IsSupported && Avx512CD.IsSupported;

    /// <summary>As <c>SessionsKernel.AddRun</c>: the sessions of rows [<paramref name="lo"/>, <paramref name="hi"/>), with
    /// hi − lo &gt; 16; row lo and every row in <paramref name="userStarts"/> inside (lo, hi) start one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddRun(SessionsAccumulator into, ReadOnlySpan<long> times, int lo, int hi, ReadOnlySpan<int> userStarts,
        long timeoutMicros, SessionBuckets buckets)
    {
        // Each step stores a whole vector at the current count, so the buffer keeps one vector of room past the last session.
        into.Reserve(hi - lo + Lanes);
        var durations = into.Durations;
        var first = into.DurationCount;
        Span<ulong> userBits = stackalloc ulong[Block / 64];
        Span<int> keys = stackalloc int[Block + Vector512<long>.Count];
        ref var t = ref MemoryMarshal.GetReference(times);
        ref var d = ref MemoryArray(durations);
        var state = new WalkState(times[lo], lo, first);
        var nextUser = 0;
        while (nextUser < userStarts.Length && userStarts[nextUser] <= lo) nextUser++;
        // Steps start at row lo + 1 (row lo's predecessor may lie outside the run), so the shifted load stays inside it.
        var vectorEnd = lo + 1 + (hi - lo - 1) / Lanes * Lanes;
        for (var b0 = lo + 1; b0 < vectorEnd; b0 += Block)
        {
            var b1 = Math.Min(vectorEnd, b0 + Block);
            userBits.Clear();
            while (nextUser < userStarts.Length && userStarts[nextUser] < b1)
            {
                var r = userStarts[nextUser++] - b0;
                userBits[r >> 6] |= 1UL << (r & 63);
            }
            var from = state.Count;
            Steps(ref t, b0, b1, ref Unsafe.As<ulong, byte>(ref MemoryMarshal.GetReference(userBits)), ref d, timeoutMicros, ref state);
            Fold(into, durations.AsSpan((int)from, (int)(state.Count - from)), keys, buckets, ref state);
        }
        // The last step's starts below lane 7 are settled by its own lanes; a start in lane 7 is the carried start the tail closes.
        state.Bounces += BitOperations.PopCount(state.PreviousStarts & (state.PreviousStarts >> 1));
        // The last rows (fewer than a vector), one by one, from the carried start.
        var tailFrom = state.Count;
        var startTime = state.StartTime;
        var startRow = state.StartRow;
        for (var r = vectorEnd; r < hi; r++)
        {
            var userStart = nextUser < userStarts.Length && userStarts[nextUser] == r;
            if (userStart) nextUser++;
            if (!userStart && times[r] - times[r - 1] <= timeoutMicros) continue;
            state.Bounces += r - startRow == 1 ? 1 : 0;
            durations[state.Count++] = times[r - 1] - startTime;
            startTime = times[r];
            startRow = r;
        }
        state.Bounces += hi - startRow == 1 ? 1 : 0;
        durations[state.Count++] = times[hi - 1] - startTime;
        Fold(into, durations.AsSpan((int)tailFrom, (int)(state.Count - tailFrom)), keys, buckets, ref state);

        into.Sessions += state.Count - first;
        into.DurationCount = (int)state.Count;
        into.Events += hi - lo;
        into.TotalDurationMicros += state.Total;
        into.Bounces += state.Bounces;
    }

    private static ref long MemoryArray(long[] array) => ref MemoryMarshal.GetArrayDataReference(array);

    /// <summary>What a walk carries from step to step: the open session's first time and row, and the running totals.</summary>
    private struct WalkState(long startTime, long startRow, long count)
    {
        public long StartTime = startTime;
        public long StartRow = startRow;
        public long Count = count;

        /// <summary>The last step's start lanes, whose one-row sessions the next step settles; the walk begins as if row lo
        /// were lane 7 of a step before the first.</summary>
        public uint PreviousStarts = 0x80;
        public long Total;
        public long Bounces;
    }

    /// <summary>The vector steps over rows [<paramref name="b0"/>, <paramref name="b1"/>) (a multiple of 8 rows). Kept apart from
    /// the caller so the JIT holds the carried vectors in registers (in the caller, with its stack buffers, it spilled them).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static void Steps(ref long t, int b0, int b1, ref byte userBits, ref long durations, long timeout, ref WalkState state)
    {
        var limit = Vector512.Create(timeout);
        var laneBits = Vector512.Create(1L, 2, 4, 8, 16, 32, 64, 128);
        // Lane 0 from the carried start (lane 7 of the first operand, which holds it in every lane), lanes 1..7 from the new starts 0..6.
        var shiftIn = Vector512.Create(7L, 8, 9, 10, 11, 12, 13, 14);
        var startTime = Vector512.Create(state.StartTime);
        var startRow = state.StartRow;
        var previous = state.PreviousStarts;
        var count = state.Count;
        var bounces = state.Bounces;
        for (var b = b0; b < b1; b += 8)
        {
            var time = Vector512.LoadUnsafe(ref t, (nuint)b);
            var before = Vector512.LoadUnsafe(ref t, (nuint)(b - 1));
            var users = Vector512.Create((long)Unsafe.Add(ref userBits, (b - b0) >> 3));
            var starts = Vector512.GreaterThan(time - before, limit) | Vector512.Equals(users & laneBits, laneBits);
            var mask = (uint)starts.ExtractMostSignificantBits();
            var k = BitOperations.PopCount(mask);
            var newTimes = Avx512F.Compress(time, starts, time);
            var lastTimes = Avx512F.Compress(before, starts, before);
            (lastTimes - Avx512F.PermuteVar8x64x2(startTime, shiftIn, newTimes)).StoreUnsafe(ref durations, (nuint)count);
            count += k;
            // A session of one row is a start followed directly by a start: the previous step's starts are settled now
            // (its lane 7 by this step's lane 0); this step's are settled by the next step, or by the caller after the last one.
            bounces += BitOperations.PopCount(previous & ((previous >> 1) | (mask & 1) << 7));
            previous = mask;
            startRow = mask != 0 ? b + 31 - BitOperations.LeadingZeroCount(mask) : startRow;
            // The new carried start time: lane k − 1 of the new starts, or the old one when there were none (index 7 + k).
            startTime = Avx512F.PermuteVar8x64x2(startTime, Vector512.Create(7L + k), newTimes);
        }
        state.StartTime = startTime.ToScalar();
        state.StartRow = startRow;
        state.PreviousStarts = previous;
        state.Count = count;
        state.Bounces = bounces;
    }

    /// <summary>Adds new durations to the total, the median's bucket histogram and the duration histogram (directly for the
    /// few durations in a bucket a floor splits; <see cref="SessionBuckets.Finish"/> adds the rest).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Fold(SessionsAccumulator into, ReadOnlySpan<long> values, Span<int> keys, SessionBuckets buckets, ref WalkState state)
    {
        var n = values.Length;
        var sum = Vector512<long>.Zero;
        var i = 0;
        ref var v = ref MemoryMarshal.GetReference(values);
        ref var key = ref MemoryMarshal.GetReference(keys);
        for (; i + Lanes <= n; i += Lanes)
        {
            var x = Vector512.LoadUnsafe(ref v, (nuint)i);
            sum += x;
            Avx512F.ConvertToVector256Int32(OrderStatistics.BucketOf(x)).StoreUnsafe(ref key, (nuint)i);
        }
        var total = Vector512.Sum(sum);
        for (; i < n; i++)
        {
            total += values[i];
            keys[i] = OrderStatistics.BucketOf(values[i]);
        }
        state.Total += total;
        var histogram = into.DurationHistogram;
        var byKey = buckets.ByKey;
        for (i = 0; i < n; i++)
        {
            var k = keys[i];
            histogram[k]++;
            if (byKey[k] < 0) into.Histogram[buckets.Of(values[i])]++;
        }
    }
}
