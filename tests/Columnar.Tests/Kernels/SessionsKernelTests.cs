using Columnar.Kernels;

namespace Columnar.Tests.Kernels;

/// <summary>
/// <see cref="SessionsKernel"/> on long runs (several 4096-row blocks, users and sessions straddling block edges) against a
/// naive per-user loop, on every SIMD path, folded over one range and over many, with and without a time filter.
/// </summary>
public class SessionsKernelTests
{
    public static IEnumerable<object[]> Paths => Simd.All.Select(p => new object[] { (int)p });

    // Floors that split median buckets (so both the per-duration and the per-bucket counts are exercised).
    private static readonly long[] Floors = [10, 60, 300, 777, 5000];
    private static readonly SessionBuckets Buckets = new(Floors);

    private sealed record Expected(long Sessions, long Users, long Events, long Total, long Bounces, long[] Histogram, long[] Durations);

    private static Expected Naive(long[] times, int[] offsets, long timeout, long? from, long? to)
    {
        long sessions = 0, users = 0, events = 0, total = 0, bounces = 0;
        var histogram = new long[Floors.Length + 2];
        var durations = new List<long>();
        for (var u = 0; u < offsets.Length - 1; u++)
        {
            var rows = times[offsets[u]..offsets[u + 1]].Where(t => (from is null || t >= from) && (to is null || t < to)).ToArray();
            if (rows.Length == 0) continue;
            users++;
            events += rows.Length;
            var start = 0;
            for (var i = 1; i <= rows.Length; i++)
            {
                if (i < rows.Length && rows[i] - rows[i - 1] <= timeout) continue;
                var d = rows[i - 1] - rows[start];
                sessions++;
                total += d;
                bounces += i - start == 1 ? 1 : 0;
                histogram[d == 0 ? 0 : 1 + Floors.Count(f => d >= f)]++;
                durations.Add(d);
                start = i;
            }
        }
        return new Expected(sessions, users, events, total, bounces, histogram, durations.Order().ToArray());
    }

    [Theory, MemberData(nameof(Paths))]
    public void LongRunsAcrossBlocksEqualNaive(int width)
    {
        var path = (SimdPath)width;
        var rng = new Random(11);
        const long timeout = 100;
        for (var trial = 0; trial < 12; trial++)
        {
            // Few heavy users (a run spans blocks), many light ones, and empty users; gaps at, under and over the timeout.
            var sizes = Enumerable.Range(0, rng.Next(1, 30)).Select(_ => rng.Next(4) switch
            {
                0 => 0,
                1 => rng.Next(1, 5),
                2 => rng.Next(4000, 9000),
                _ => rng.Next(1, 300),
            }).ToArray();
            var offsets = new int[sizes.Length + 1];
            for (var u = 0; u < sizes.Length; u++) offsets[u + 1] = offsets[u] + sizes[u];
            var times = new long[offsets[^1]];
            for (var u = 0; u < sizes.Length; u++)
            {
                var t = rng.NextInt64(0, 1L << 20);
                for (var r = offsets[u]; r < offsets[u + 1]; r++)
                    times[r] = t += rng.Next(8) switch { 0 => 0, 1 => 100, 2 => 101, 3 => 5000, 4 => rng.Next(60, 101), _ => rng.Next(60) };
            }
            long? from = trial % 3 == 1 ? rng.NextInt64(0, 1L << 20) : null;
            long? to = trial % 3 == 2 ? rng.NextInt64(1L << 19, 1L << 22) : null;
            var expected = Naive(times, offsets, timeout, from, to);
            foreach (var split in new[] { sizes.Length, 1, 3 })
            {
                using var into = new SessionsAccumulator(Floors.Length + 2, expectedSessions: split);
                for (var s = 0; s < sizes.Length; s += split)
                    SessionsKernel.Run(into, times, offsets, s, Math.Min(sizes.Length, s + split), from, to, timeout, Buckets, path);
                Buckets.Finish(into);
                Assert.Equal((expected.Sessions, expected.Users, expected.Events, expected.Total, expected.Bounces),
                    (into.Sessions, into.Users, into.Events, into.TotalDurationMicros, into.Bounces));
                Assert.Equal(expected.Histogram, into.Histogram);
                Assert.Equal(expected.Durations, into.DurationValues.ToArray().Order().ToArray());
                var keys = OrderStatistics.NewHistogram();
                foreach (var d in expected.Durations) OrderStatistics.Count(keys, d);
                Assert.Equal(keys, into.DurationHistogram);
            }
        }
    }

    [Theory, MemberData(nameof(Paths))]
    public void EveryShortRunLengthAndUserPatternEqualsNaive(int width)
    {
        // Runs of 1..3 vectors and a bit (the vector steps, their tail, and the first step at row lo + 1), in which users of
        // 1, 2 or 7 rows start on every lane, and gaps alternate around the timeout.
        var path = (SimdPath)width;
        const long timeout = 100;
        var rng = new Random(5);
        for (var n = 1; n <= 3 * 8 + 3; n++)
            foreach (var userSize in new[] { 1, 2, 7, n })
            {
                var sizes = Enumerable.Repeat(userSize, n / userSize).Append(n % userSize).Where(s => s > 0).ToArray();
                var offsets = new int[sizes.Length + 1];
                for (var u = 0; u < sizes.Length; u++) offsets[u + 1] = offsets[u] + sizes[u];
                var times = new long[n];
                for (var u = 0; u < sizes.Length; u++)
                {
                    long t = 1_000 * u;
                    for (var r = offsets[u]; r < offsets[u + 1]; r++) times[r] = t += rng.Next(3) switch { 0 => 0, 1 => 101, _ => 100 };
                }
                var expected = Naive(times, offsets, timeout, null, null);
                using var into = new SessionsAccumulator(Floors.Length + 2);
                SessionsKernel.Run(into, times, offsets, 0, sizes.Length, null, null, timeout, Buckets, path);
                Buckets.Finish(into);
                Assert.Equal((expected.Sessions, expected.Users, expected.Events, expected.Total, expected.Bounces),
                    (into.Sessions, into.Users, into.Events, into.TotalDurationMicros, into.Bounces));
                Assert.Equal(expected.Histogram, into.Histogram);
                Assert.Equal(expected.Durations, into.DurationValues.ToArray().Order().ToArray());
            }
    }
}
