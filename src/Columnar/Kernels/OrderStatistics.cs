using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Columnar.Kernels;

/// <summary>
/// Exact order statistics of non-negative int64 values spread over several buffers (the per-worker partials), without copying
/// them. One pass histograms every value into logarithmic buckets (the exact value below 512, then 256 buckets per power of two,
/// so a bucket spans under 0.4 % of its values), which locates the wanted ranks; a second pass keeps only the values in their
/// bucket, which are few unless values pile up in a narrow band, and those are sorted, or radix-selected when there are many.
/// </summary>
internal static class OrderStatistics
{
    private const int RadixBits = 11;
    private const int MantissaBits = 8;

    /// <summary>Bucket keys are below this: the largest shift is 62 − <see cref="MantissaBits"/>.</summary>
    private const int Buckets = (64 - MantissaBits) << MantissaBits;

    /// <summary>Collected values up to this count are sorted; more take radix selection.</summary>
    private const int SortLimit = 1 << 15;

    /// <summary>The median of the values of one buffer; see <see cref="Median(IReadOnlyList{ReadOnlyMemory{long}}, int)"/>.</summary>
    public static double? Median(ReadOnlySpan<long> values) => Median([values.ToArray()]);

    /// <summary>
    /// The median as DuckDB's <c>median</c> (<c>quantile_cont(0.5)</c>) computes it: the middle value, or for an even count
    /// lo + (hi − lo)·0.5 in double arithmetic over the two middle values. Null when there are no values.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is negative.</exception>
    public static double? Median(IReadOnlyList<ReadOnlyMemory<long>> chunks, int threads = 1)
    {
        long n = 0;
        foreach (var c in chunks) n += c.Length;
        if (n == 0) return null;
        var (lo, hi) = SelectPair(chunks, (n - 1) / 2, n / 2, threads);
        return n % 2 == 1 ? lo : (double)lo + ((double)hi - (double)lo) * 0.5;
    }

    /// <summary><see cref="Median(IReadOnlyList{ReadOnlyMemory{long}}, int)"/> with each chunk's bucket histogram already built.</summary>
    public static double? Median(IReadOnlyList<ReadOnlyMemory<long>> chunks, IReadOnlyList<int[]> histograms, int threads = 1)
    {
        long n = 0;
        foreach (var c in chunks) n += c.Length;
        if (n == 0) return null;
        var (lo, hi) = SelectPair(chunks, histograms, (n - 1) / 2, n / 2, threads);
        return n % 2 == 1 ? lo : (double)lo + ((double)hi - (double)lo) * 0.5;
    }

    /// <summary>A new, empty bucket histogram for <see cref="Count"/>.</summary>
    public static int[] NewHistogram() => new int[Buckets];

    /// <summary>Adds non-negative value <paramref name="v"/> to a bucket histogram.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Count(int[] histogram, long v) => histogram[Key(v)]++;

    /// <summary>The number of buckets of a histogram.</summary>
    public const int BucketCount = Buckets;

    /// <summary>The bucket of non-negative value <paramref name="v"/> (a histogram index; keys are monotone in the value).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int BucketOf(long v) => Key(v);

    /// <summary>The buckets of 8 non-negative values at once (AVX-512 only: see <see cref="CompressWalk.IsSupported"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<long> BucketOf(Vector512<long> v)
    {
        var zeros = Avx512CD.LeadingZeroCount((v | Vector512<long>.One).AsUInt64()).AsInt64();
        var s = Vector512.Max(Vector512.Create(63L - MantissaBits) - zeros, Vector512<long>.Zero);
        return (s << MantissaBits) + Avx512F.ShiftRightLogicalVariable(v.AsUInt64(), s.AsUInt64()).AsInt64();
    }

    /// <summary>The smallest and largest value of bucket <paramref name="k"/>.</summary>
    public static (long Low, long High) BucketRange(int k) => (Lower(k), Upper(k));

    /// <summary>The <paramref name="a"/>-th and <paramref name="b"/>-th smallest values (0-based, a ≤ b ≤ a + 1) through the bucket histogram.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is negative.</exception>
    public static (long A, long B) SelectPair(IReadOnlyList<ReadOnlyMemory<long>> chunks, long a, long b, int threads = 1)
    {
        var histograms = new int[chunks.Count][];
        var negative = false;
        Parallel.For(0, chunks.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) }, c =>
        {
            var histogram = histograms[c] = new int[Buckets];
            if (!Histogram(chunks[c].Span, histogram)) Volatile.Write(ref negative, true);
        });
        if (negative) throw new ArgumentOutOfRangeException(nameof(chunks), "values must not be negative");
        return SelectPair(chunks, histograms, a, b, threads);
    }

    /// <summary>
    /// <see cref="SelectPair(IReadOnlyList{ReadOnlyMemory{long}}, long, long, int)"/> with each chunk's bucket histogram already
    /// built (by <see cref="Count"/>, for example while a kernel produced the values).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (long A, long B) SelectPair(IReadOnlyList<ReadOnlyMemory<long>> chunks, IReadOnlyList<int[]> histograms, long a, long b, int threads = 1)
    {
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) };
        var total = new long[Buckets];
        foreach (var h in histograms)
            for (var k = 0; k < Buckets; k++) total[k] += h[k];

        // The ranks' buckets; any bucket between them is empty, since b ≤ a + 1.
        var (ka, below) = BucketOf(total, a);
        var (kb, _) = BucketOf(total, b);
        long low = Lower(ka), high = Upper(kb);
        var kept = new long[chunks.Count][];
        Parallel.For(0, chunks.Count, options, c =>
        {
            var room = 0;
            for (var k = ka; k <= kb; k++) room += histograms[c][k];
            Keep(chunks[c].Span, low, high, kept[c] = new long[room + 1]);
        });
        var count = 0;
        foreach (var k in kept) count += k.Length - 1;
        var between = new long[count];
        count = 0;
        foreach (var k in kept)
        {
            k.AsSpan(0, k.Length - 1).CopyTo(between.AsSpan(count));
            count += k.Length - 1;
        }
        long ra = a - below, rb = b - below;
        if (count <= SortLimit)
        {
            System.Array.Sort(between);
            return (low + between[ra], low + between[rb]);
        }
        var (x, y) = Select([between], ra, rb, high - low);
        return (low + x, low + y);
    }

    /// <summary>Adds each value's bucket to <paramref name="histogram"/>; false when a value is negative (its key is then meaningless).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool Histogram(ReadOnlySpan<long> values, Span<int> histogram)
    {
        long any = 0;
        foreach (var v in values)
        {
            any |= v;
            histogram[Key(v)]++;
        }
        return any >= 0;
    }

    /// <summary>Writes v − low for the values v in [low, high] to <paramref name="into"/>, which has one spare slot: each value is
    /// written unconditionally and kept by advancing the count, so there is no branch to mispredict.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Keep(ReadOnlySpan<long> values, long low, long high, Span<long> into)
    {
        var at = 0;
        var width = (ulong)(high - low);
        foreach (var v in values)
        {
            into[at] = v - low;
            at += (ulong)(v - low) <= width ? 1 : 0;
        }
    }

    /// <summary>The bucket key of a non-negative value: the value itself below 512, else 256·s + (v &gt;&gt; s) with s the shift that
    /// leaves 9 significant bits. Keys are monotone in the value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Key(long v)
    {
        // Branch-free clamp at 0: small values (bounces) and large ones interleave unpredictably.
        var d = 63 - MantissaBits - BitOperations.LeadingZeroCount((ulong)v | 1);
        var s = d & ~(d >> 31);
        return (s << MantissaBits) + (int)(v >> s);
    }

    /// <summary>The smallest value with key <paramref name="k"/>.</summary>
    private static long Lower(int k)
    {
        if (k < 2 << MantissaBits) return k;
        var s = (k >> MantissaBits) - 1;
        return (long)(k - (s << MantissaBits)) << s;
    }

    /// <summary>The largest value with key <paramref name="k"/>.</summary>
    private static long Upper(int k) => k == Buckets - 1 ? long.MaxValue : Lower(k + 1) - 1;

    private static (int Bucket, long Below) BucketOf(long[] histogram, long rank)
    {
        long below = 0;
        var k = 0;
        while (rank >= below + histogram[k]) below += histogram[k++];
        return (k, below);
    }

    /// <summary>The <paramref name="a"/>-th and <paramref name="b"/>-th smallest values (0-based), found in the same passes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
            System.Array.Clear(histA);
            var split = prefixA != prefixB;
            if (split) System.Array.Clear(histB);
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
