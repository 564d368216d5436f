using Columnar.Kernels;

namespace Columnar.Tests.Kernels;

/// <summary>Rank scores with ties, medians, searches and activity bitsets against naive versions.</summary>
public class ScoringKernelTests
{
    [Fact]
    public void RankScoresGiveTiesTheirLowestRank()
    {
        // n = 7; ascending ranks 1,2,2,4,5,5,5 → scores 1 + floor(5(r-1)/7).
        long[] values = [10, 20, 20, 30, 40, 40, 40];
        var scores = new int[7];
        RankScores.Score(values, descending: false, scores);
        Assert.Equal([1, 1, 1, 3, 3, 3, 3], scores);
        // Descending: 40s rank 1, 30 rank 4, 20s rank 5, 10 rank 7.
        RankScores.Score(values, descending: true, scores);
        Assert.Equal([5, 3, 3, 3, 1, 1, 1], scores);
    }

    [Fact]
    public void RankScoresEqualNaiveCounting()
    {
        var rng = new Random(6);
        for (var trial = 0; trial < 300; trial++)
        {
            // Narrow ranges (counted), wide ones and ones past the int64 range (sorted), negative values.
            var n = rng.Next(0, 60);
            var values = Enumerable.Range(0, n).Select(_ => (trial % 5) switch
            {
                0 => (Int128)rng.Next(0, 3),
                1 => (Int128)rng.Next(-50, 50),
                2 => (Int128)rng.NextInt64(long.MinValue, long.MaxValue) / (rng.Next(3) + 1),
                3 => ((Int128)rng.NextInt64() << 40) - ((Int128)1 << 100),
                _ => (Int128)rng.Next(0, 10_000),
            }).ToArray();
            foreach (var descending in new[] { false, true })
            {
                var scores = new int[n];
                RankScores.Score(values, descending, scores);
                for (var i = 0; i < n; i++)
                {
                    var v = values[i];
                    var rank = 1 + values.Count(x => descending ? x > v : x < v);
                    Assert.Equal(1 + 5 * (rank - 1) / n, scores[i]);
                }
                if (trial % 5 is 3) continue;
                var longs = values.Select(v => (long)v).ToArray();
                var again = new int[n];
                RankScores.Score(longs, descending, again);
                Assert.Equal(scores, again);
            }
        }
    }

    [Fact]
    public void WideRangeScoresEqualNaiveCountingWithHeavyTies()
    {
        // Wide ranges take the order-statistic thresholds; heavy ties (most values 0, like the spend of non-buyers) and
        // sizes around multiples of 5 are where an off-by-one in the thresholds would show.
        var rng = new Random(11);
        foreach (var n in new[] { 1, 2, 4, 5, 6, 9, 10, 11, 499, 500, 501, 5003 })
        for (var trial = 0; trial < 4; trial++)
        {
            var values = Enumerable.Range(0, n).Select(_ => trial switch
            {
                0 => rng.Next(10) < 7 ? 0L : rng.NextInt64(1, 1L << 50),
                1 => rng.NextInt64(long.MinValue / 2, long.MaxValue / 2),
                2 => rng.Next(4) * (1L << 40),
                _ => rng.NextInt64(-5, 5) * 1_000_000_000_000L,
            }).ToArray();
            if (trial == 2 && n > 1) values[0] = long.MaxValue / 3; // keep the range wide
            var sorted = values.Order().ToArray();
            foreach (var descending in new[] { false, true })
            {
                var scores = new int[n];
                RankScores.Score(values, descending, scores);
                for (var i = 0; i < n; i++)
                {
                    var v = values[i];
                    // rank - 1 = the number of values strictly before v in the ranking order, by binary search on the sorted copy
                    long before = descending ? n - UpperBound(sorted, v) : LowerBound(sorted, v);
                    Assert.Equal(1 + 5 * before / n, scores[i]);
                }
            }
        }
    }

    [Fact]
    public void SelectFindsEveryOrderStatistic()
    {
        var rng = new Random(12);
        for (var trial = 0; trial < 200; trial++)
        {
            var n = rng.Next(1, 300);
            var values = Enumerable.Range(0, n).Select(_ => (long)rng.Next(trial % 2 == 0 ? 5 : 1000)).ToArray();
            var sorted = values.Order().ToArray();
            var k = rng.Next(n);
            var copy = values.ToArray();
            Assert.Equal(sorted[k], RankScores.Select(copy, 0, k));
            Assert.All(copy.Take(k), v => Assert.True(v <= sorted[k]));
            Assert.All(copy.Skip(k + 1), v => Assert.True(v >= sorted[k]));
            if (k + 1 < n)
            {
                var k2 = rng.Next(k + 1, n);
                Assert.Equal(sorted[k2], RankScores.Select(copy, k + 1, k2));
            }
        }
    }

    private static int LowerBound(long[] sorted, long v)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi) { var mid = (lo + hi) / 2; if (sorted[mid] < v) lo = mid + 1; else hi = mid; }
        return lo;
    }

    private static int UpperBound(long[] sorted, long v)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi) { var mid = (lo + hi) / 2; if (sorted[mid] <= v) lo = mid + 1; else hi = mid; }
        return lo;
    }

    [Fact]
    public void MedianIsDuckDbsQuantileCont()
    {
        var rng = new Random(7);
        Assert.Null(OrderStatistics.Median(ReadOnlySpan<long>.Empty));
        for (var trial = 0; trial < 300; trial++)
        {
            var n = rng.Next(1, 300);
            var values = Enumerable.Range(0, n).Select(_ => (trial % 3) switch
            {
                0 => rng.NextInt64(0, 5),
                1 => rng.NextInt64(0, 1L << 40),
                _ => rng.Next(4) == 0 ? 0 : rng.NextInt64(0, long.MaxValue),
            }).ToArray();
            var sorted = values.Order().ToArray();
            double expected = n % 2 == 1 ? sorted[n / 2] : sorted[n / 2 - 1] + (sorted[n / 2] - (double)sorted[n / 2 - 1]) * 0.5;
            Assert.Equal(expected, OrderStatistics.Median(values));
            // Split over several buffers, as the per-range partials are.
            var cut = rng.Next(n + 1);
            Assert.Equal(expected, OrderStatistics.Median([values.AsMemory(0, cut), values.AsMemory(cut), Memory<long>.Empty]));
            var (a, b) = (rng.Next(n), rng.Next(n));
            Assert.Equal((sorted[a], sorted[b]), OrderStatistics.Select([values], a, b, sorted[^1]));
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => OrderStatistics.Median(new long[] { 1, -1 }));
        // Large inputs: heavy ties at the median (one bucket holding most values, so radix selection finishes), values packed
        // into one wide bucket, skew, and chunks of every size; with the histograms built by the caller too.
        for (var trial = 0; trial < 8; trial++)
        {
            var n = 70_000 + rng.Next(2) + trial * 9_999;
            var values = Enumerable.Range(0, n).Select(_ => trial switch
            {
                0 => rng.Next(3) == 0 ? rng.NextInt64(0, 1L << 36) : 0,
                1 => rng.NextInt64(0, 3),
                2 => (long)Math.Exp(rng.NextDouble() * 30),
                3 => (1L << 40) + rng.NextInt64(0, 1L << 30),
                4 => rng.Next(2) == 0 ? long.MaxValue - rng.Next(1000) : rng.NextInt64(0, 600),
                _ => rng.NextInt64(0, 1L << 40),
            }).ToArray();
            var sorted = values.Order().ToArray();
            double expected = n % 2 == 1 ? sorted[n / 2] : sorted[n / 2 - 1] + (sorted[n / 2] - (double)sorted[n / 2 - 1]) * 0.5;
            var cut = rng.Next(n);
            ReadOnlyMemory<long>[] chunks = [values.AsMemory(0, cut), values.AsMemory(cut)];
            Assert.Equal(expected, OrderStatistics.Median(chunks, threads: 2));
            var histograms = chunks.Select(c =>
            {
                var h = OrderStatistics.NewHistogram();
                foreach (var v in c.Span) OrderStatistics.Count(h, v);
                return h;
            }).ToArray();
            Assert.Equal(expected, OrderStatistics.Median(chunks, histograms, threads: 2));
            var a = rng.Next(n - 1);
            Assert.Equal((sorted[a], sorted[a + 1]), OrderStatistics.SelectPair(chunks, a, a + 1));
            Assert.Equal((sorted[a], sorted[a]), OrderStatistics.SelectPair(chunks, a, a));
        }
    }

    [Fact]
    public void SearchesFindTheFirstNotSmaller()
    {
        var rng = new Random(8);
        for (var trial = 0; trial < 500; trial++)
        {
            var values = Enumerable.Range(0, rng.Next(0, 100)).Select(_ => rng.NextInt64(0, 30)).Order().ToArray();
            var target = rng.NextInt64(-1, 32);
            var expected = Array.FindIndex(values, v => v >= target) is var i and >= 0 ? i : values.Length;
            Assert.Equal(expected, SortedSearch.LowerBound(values, target));
        }
    }

    [Fact]
    public void ActivityBitsCountEachPeriodOncePerUser()
    {
        Span<ulong> words = stackalloc ulong[ActivityBits.Words(130)];
        var bits = new ActivityBits(words);
        var counts = new long[130];
        bits.Set(1); bits.Set(1); bits.Set(64); bits.Set(129);
        bits.FlushInto(counts);
        bits.Set(1);
        bits.FlushInto(counts);
        Assert.Equal(2, counts[1]);
        Assert.Equal(1, counts[64]);
        Assert.Equal(1, counts[129]);
        Assert.Equal(4, counts.Sum());
    }
}
