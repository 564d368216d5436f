using Columnar.Kernels;

namespace Columnar.Tests.Kernels;

/// <summary>
/// The equal-length retention mask (<see cref="PeriodMask"/>) on every SIMD path against plain integer division, at every
/// length from 0 to 2 × the widest vector's lane count + 1, with the end falling before, inside and after the rows.
/// </summary>
public class PeriodMaskTests
{
    public static IEnumerable<object[]> Paths => Simd.All.Select(p => new object[] { (int)p });

    private const long Day = 86_400_000_000L;

    /// <summary>The oracle: bit floor((t − start) / length) of every row before end whose code matches.</summary>
    private static ulong Naive(long[] times, short[] codes, int from, long start, long end, long length, bool match, short code) =>
        Enumerable.Range(from, times.Length - from)
            .Where(r => times[r] < end && (!match || codes[r] == code))
            .Aggregate(0UL, (m, r) => m | 1UL << (int)((times[r] - start) / length));

    [Theory, MemberData(nameof(Paths))]
    public void EqualsIntegerDivisionAtEveryLength(int width)
    {
        var path = (SimdPath)width;
        var rng = new Random(7);
        foreach (var length in new[] { Day, 7 * Day, 3_600_000_000L, 1L })
        for (var n = 0; n <= 2 * 8 + 1; n++)
        for (var trial = 0; trial < 40; trial++)
        {
            var periods = rng.Next(1, 65);
            var start = 1_700_000_000_000_000L + rng.Next(1000) * length;
            var from = n == 0 ? 0 : rng.Next(Math.Min(3, n) + 1);
            var times = new long[n];
            var t = start + (trial % 5 == 0 ? 0 : rng.NextInt64(length)); // rows at the very start of the cohort period too
            for (var i = 0; i < n; i++)
            {
                // Equal times, exact boundaries, gaps of several periods.
                t += rng.Next(4) switch
                {
                    0 => 0,
                    1 => length - (t - start) % length,
                    2 => rng.NextInt64(length),
                    _ => rng.NextInt64(4 * length),
                };
                times[i] = t;
            }
            var codes = Enumerable.Range(0, n).Select(_ => (short)rng.Next(3)).ToArray();
            var end = trial % 3 == 0 ? long.MaxValue : start + periods * length;
            if (end == long.MaxValue)
                for (var i = 0; i < n; i++) times[i] = Math.Min(times[i], start + 64 * length - 1); // all rows below 64 periods
            Array.Sort(times);
            foreach (var match in new[] { false, true })
            {
                var expected = Naive(times, codes, from, start, end, length, match, 1);
                Assert.Equal(expected, PeriodMask.Scalar(times, codes, from, start, end, length, 1.0 / length, match, 1));
                Assert.Equal(expected, PeriodMask.Active(times, codes, from, start, end, length, 1.0 / length, match, 1, path));
            }
        }
    }

    [Fact]
    public void ARowExactlyAtAPeriodBoundaryBelongsToTheLaterPeriod()
    {
        var start = 1_700_000_000_000_000L;
        long[] times = [start, start + Day - 1, start + Day, start + 3 * Day, start + 30 * Day];
        var codes = new short[times.Length];
        foreach (var path in Simd.All)
            // Bits 0, 1, 3; the row at 30 days is at the end and excluded.
            Assert.Equal(0b1011UL, PeriodMask.Active(times, codes, 0, start, start + 30 * Day, Day, 1.0 / Day, false, 0, path));
    }
}
