using Columnar.Kernels;

namespace Columnar.Tests.Kernels;

/// <summary>
/// Every SIMD kernel against its scalar path, on every path (forced in-process), at every length from 0 to 2 × the widest
/// vector's lane count + 1 and at several misalignments; the scalar paths against plain LINQ.
/// </summary>
public class SimdKernelTests
{
    /// <summary>The paths as ints (SimdPath is internal, theory parameters are public).</summary>
    public static IEnumerable<object[]> Paths => Simd.All.Select(p => new object[] { (int)p });

    private const int ShortLanes512 = 32, IntLanes512 = 16, LongLanes512 = 8;

    private static short[] Codes(Random rng, int n, int distinct) => Enumerable.Range(0, n).Select(_ => (short)rng.Next(distinct)).ToArray();

    [Theory, MemberData(nameof(Paths))]
    public void CodeMatchEqualsScalarAtEveryLength(int width)
    {
        var path = (SimdPath)width;
        var rng = new Random(1);
        for (var n = 0; n <= 2 * ShortLanes512 + 1; n++)
        for (var shift = 0; shift < 3; shift++)
        for (var trial = 0; trial < 4; trial++)
        {
            var buffer = Codes(rng, n + shift, trial % 2 == 0 ? 3 : 40);
            ReadOnlySpan<short> codes = buffer.AsSpan(shift);
            var target = (short)rng.Next(3);
            var eq = new CodeEquals(target);
            var set = new CodeIn([target, (short)(target + 1), 7]);
            Assert.Equal(codes.ToArray().Count(c => c == target), CodeMatch.Count(codes, eq, SimdPath.Scalar));
            Assert.Equal(CodeMatch.Count(codes, eq, SimdPath.Scalar), CodeMatch.Count(codes, eq, path));
            Assert.Equal(CodeMatch.Count(codes, set, SimdPath.Scalar), CodeMatch.Count(codes, set, path));
            Assert.Equal(Array.IndexOf(codes.ToArray(), target), CodeMatch.IndexOf(codes, eq, SimdPath.Scalar));
            Assert.Equal(CodeMatch.IndexOf(codes, eq, SimdPath.Scalar), CodeMatch.IndexOf(codes, eq, path));
            Assert.Equal(CodeMatch.IndexOf(codes, set, SimdPath.Scalar), CodeMatch.IndexOf(codes, set, path));

            var expected = new ulong[Bits.Words(n) + 1];
            var actual = Enumerable.Repeat(ulong.MaxValue, Bits.Words(n) + 1).ToArray(); // stale bits must be cleared
            CodeMatch.Mask(codes, set, expected, SimdPath.Scalar);
            CodeMatch.Mask(codes, set, actual, path);
            Assert.Equal(expected.AsSpan(0, Bits.Words(n)).ToArray(), actual.AsSpan(0, Bits.Words(n)).ToArray());
            for (var i = 0; i < n; i++) Assert.Equal(codes[i] == target || codes[i] == target + 1 || codes[i] == 7, Bits.Get(expected, i));
        }
    }

    [Fact]
    public void IndexOfFindsAMatchInTheOverlappingTail()
    {
        foreach (var path in Simd.All)
        for (var n = 1; n <= 2 * ShortLanes512 + 1; n++)
        for (var at = 0; at < n; at++)
        {
            var codes = new short[n];
            codes[at] = 5;
            Assert.Equal(at, CodeMatch.IndexOf(codes, new CodeEquals(5), path));
            Assert.Equal(1, CodeMatch.Count(codes, new CodeEquals(5), path));
        }
    }

    [Theory, MemberData(nameof(Paths))]
    public void SessionBoundariesEqualScalarAtEveryLength(int width)
    {
        var path = (SimdPath)width;
        var rng = new Random(2);
        for (var n = 0; n <= 2 * IntLanes512 + 1; n++)
        for (var shift = 0; shift < 3; shift++)
        for (var trial = 0; trial < 6; trial++)
        {
            var users = new int[n + shift];
            var times = new long[n + shift];
            for (var i = 1; i < users.Length; i++)
            {
                users[i] = users[i - 1] + (rng.Next(5) == 0 ? 1 : 0);
                // Gaps at, just under and just over the timeout, zero gaps, and huge gaps.
                times[i] = users[i] != users[i - 1] ? rng.NextInt64(0, 1L << 50)
                    : times[i - 1] + rng.Next(6) switch { 0 => 0, 1 => 99, 2 => 100, 3 => 101, 4 => 1L << 40, _ => rng.Next(200) };
            }
            const long timeout = 100;
            var t = times.AsSpan(shift);
            var u = users.AsSpan(shift);
            foreach (var withUsers in new[] { true, false })
            {
                var ru = withUsers ? u : default;
                var expected = new ulong[Bits.Words(n) + 1];
                var actual = Enumerable.Repeat(ulong.MaxValue, Bits.Words(n) + 1).ToArray();
                SessionBoundaries.Mark(t, ru, timeout, expected, SimdPath.Scalar);
                SessionBoundaries.Mark(t, ru, timeout, actual, path);
                Assert.Equal(expected.AsSpan(0, Bits.Words(n)).ToArray(), actual.AsSpan(0, Bits.Words(n)).ToArray());
                for (var i = 0; i < n; i++)
                    Assert.Equal(i == 0 || (withUsers && u[i] != u[i - 1]) || t[i] - t[i - 1] > timeout, Bits.Get(expected, i));
            }
        }
    }

    [Theory, MemberData(nameof(Paths))]
    public void TimeScanEqualsScalarAtEveryLengthAndStart(int width)
    {
        var path = (SimdPath)width;
        var rng = new Random(5);
        for (var n = 0; n <= 2 * ShortLanes512 + 1; n++)
        for (var shift = 0; shift < 3; shift++)
        for (var trial = 0; trial < 4; trial++)
        {
            // Sorted times with runs of equal values; codes from a small alphabet so matches are neither rare nor everywhere.
            var times = new long[n + shift];
            for (var i = 1; i < times.Length; i++) times[i] = times[i - 1] + rng.Next(3);
            var codes = Codes(rng, n + shift, 4);
            var t = times.AsSpan(shift);
            var c = codes.AsSpan(shift);
            for (var from = 0; from <= n; from++)
            {
                var bound = n == 0 ? 0 : t[rng.Next(n)] + rng.Next(-1, 2);
                var code = (short)rng.Next(4);
                foreach (var match in new[] { false, true })
                {
                    var expected = from;
                    while (expected < n && !(t[expected] >= bound && (!match || c[expected] == code))) expected++;
                    Assert.Equal(expected, TimeScan.FirstAtOrAfter(t, c, from, bound, match, code, SimdPath.Scalar));
                    Assert.Equal(expected, TimeScan.FirstAtOrAfter(t, c, from, bound, match, code, path));
                    if (!match) Assert.Equal(expected, TimeScan.FirstAtOrAfter(t, default, from, bound, false, 0, path));
                }
            }
        }
    }

    [Theory, MemberData(nameof(Paths))]
    public void AggregationsEqualScalarAtEveryLength(int width)
    {
        var path = (SimdPath)width;
        var rng = new Random(3);
        for (var n = 0; n <= 2 * LongLanes512 + 1; n++)
        for (var shift = 0; shift < 3; shift++)
        for (var trial = 0; trial < 6; trial++)
        {
            var buffer = Enumerable.Range(0, n + shift).Select(_ => rng.NextInt64(-1L << 40, 1L << 40)).ToArray();
            var values = buffer.AsSpan(shift);
            var list = values.ToArray();
            Assert.Equal(list.Sum(), Aggregation.Aggregate(values, default(SumOperator), SimdPath.Scalar));
            Assert.Equal(n == 0 ? long.MaxValue : list.Min(), Aggregation.Aggregate(values, default(MinOperator), SimdPath.Scalar));
            Assert.Equal(n == 0 ? long.MinValue : list.Max(), Aggregation.Aggregate(values, default(MaxOperator), SimdPath.Scalar));
            Assert.Equal(list.Sum(), Aggregation.Aggregate(values, default(SumOperator), path));
            Assert.Equal(Aggregation.Aggregate(values, default(MinOperator), SimdPath.Scalar), Aggregation.Aggregate(values, default(MinOperator), path));
            Assert.Equal(Aggregation.Aggregate(values, default(MaxOperator), SimdPath.Scalar), Aggregation.Aggregate(values, default(MaxOperator), path));
        }
    }

    [Fact]
    public async Task TheEnvironmentVariableIsParsedAndHonoured()
    {
        Assert.Equal(SimdPath.Scalar, Simd.Parse("scalar"));
        Assert.Equal(SimdPath.V128, Simd.Parse("128"));
        Assert.Equal(SimdPath.V256, Simd.Parse(" 256 "));
        Assert.Equal(SimdPath.V512, Simd.Parse("512"));
        Assert.Null(Simd.Parse(null));
        Assert.Null(Simd.Parse(""));
        Assert.Equal(ErrorCodes.BadOption, Assert.Throws<ColumnarException>(() => Simd.Parse("avx")).Code);
        Assert.Equal(Simd.Parse(Environment.GetEnvironmentVariable(Simd.EnvironmentVariable)) ?? Simd.Best, Simd.Default);
        using (Simd.Force(SimdPath.V128))
        {
            Assert.Equal(SimdPath.V128, Simd.Path);
            Assert.Equal(SimdPath.V128, await Task.Run(() => Simd.Path)); // flows into worker tasks
        }
        Assert.Equal(Simd.Default, Simd.Path);
    }

    [Fact]
    public void FitStepsDownToTheWidestVectorThatFits()
    {
        Assert.Equal(SimdPath.V512, Simd.Fit(SimdPath.V512, 32, 8));
        Assert.Equal(SimdPath.V256, Simd.Fit(SimdPath.V512, 31, 8));
        Assert.Equal(SimdPath.V128, Simd.Fit(SimdPath.V512, 15, 8));
        Assert.Equal(SimdPath.Scalar, Simd.Fit(SimdPath.V512, 7, 8));
        Assert.Equal(SimdPath.V128, Simd.Fit(SimdPath.V128, 1000, 8));
        Assert.Equal(SimdPath.Scalar, Simd.Fit(SimdPath.Scalar, 1000, 8));
    }
}
