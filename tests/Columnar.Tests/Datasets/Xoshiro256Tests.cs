using Columnar.Datasets;
using Xunit;

namespace Columnar.Tests.Datasets;

public class Xoshiro256Tests
{
    [Fact]
    public void SplitMix64MatchesThePublishedSequenceForSeed1234567()
    {
        // The classic SplitMix64 reference values (Rosetta Code "Pseudo-random numbers/Splitmix64").
        ulong state = 1234567;
        ulong[] expected = [6457827717110365317, 3203168211198807973, 9817491932198370423, 4593380528125082431, 16408922859458223821];
        foreach (var e in expected) Assert.Equal(e, SplitMix64.Next(ref state));
    }

    [Theory]
    // Computed by an independent Python implementation of xoshiro256** seeded with four SplitMix64 outputs.
    [InlineData(0UL, 11091344671253066420UL, 13793997310169335082UL, 1900383378846508768UL, 7684712102626143532UL)]
    [InlineData(20250101UL, 16824016867940294142UL, 954193816599140035UL, 6847420387954630227UL, 5776480542111820834UL)]
    public void XoshiroMatchesAnIndependentImplementation(ulong seed, ulong a, ulong b, ulong c, ulong d)
    {
        var rng = new Xoshiro256(seed);
        Assert.Equal(a, rng.NextUInt64());
        Assert.Equal(b, rng.NextUInt64());
        Assert.Equal(c, rng.NextUInt64());
        Assert.Equal(d, rng.NextUInt64());
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(3UL)]
    [InlineData(7UL)]
    [InlineData(1000UL)]
    [InlineData((1UL << 63) + 5)]
    public void NextBoundedStaysInRangeAndIsRoughlyUniform(ulong n)
    {
        var rng = new Xoshiro256(42);
        const int draws = 70_000;
        var buckets = new int[7];
        for (var i = 0; i < draws; i++)
        {
            var x = rng.NextBounded(n);
            Assert.True(x < n);
            buckets[(int)(n <= 7 ? x : (ulong)((UInt128)x * 7 / n))]++;
        }
        var used = (int)Math.Min(7, n);
        for (var b = 0; b < used; b++)
            Assert.InRange(buckets[b], draws / used * 0.95, draws / used * 1.05);
    }

    [Fact]
    public void NextDoubleIsInTheUnitIntervalWithMeanOneHalf()
    {
        var rng = new Xoshiro256(7);
        var sum = 0.0;
        for (var i = 0; i < 100_000; i++)
        {
            var x = rng.NextDouble();
            Assert.InRange(x, 0.0, Math.BitDecrement(1.0));
            sum += x;
        }
        Assert.InRange(sum / 100_000, 0.495, 0.505);
    }

    [Fact]
    public void StreamsDifferByPurposeAndIndexButRepeatForTheSameKey()
    {
        ulong First(long seed, ulong purpose, ulong index)
        {
            var r = Xoshiro256.ForStream(seed, purpose, index);
            return r.NextUInt64();
        }
        Assert.Equal(First(1, 2, 3), First(1, 2, 3));
        Assert.NotEqual(First(1, 2, 3), First(1, 2, 4));
        Assert.NotEqual(First(1, 2, 3), First(1, 3, 3));
        Assert.NotEqual(First(1, 2, 3), First(2, 2, 3));
    }

    [Fact]
    public void PickFollowsTheWeights()
    {
        var rng = new Xoshiro256(9);
        int[] weights = [1, 0, 3];
        var counts = new int[3];
        for (var i = 0; i < 40_000; i++) counts[rng.Pick(weights)]++;
        Assert.Equal(0, counts[1]);
        Assert.InRange(counts[0], 9_000, 11_000);
        Assert.InRange(counts[2], 29_000, 31_000);
    }
}
