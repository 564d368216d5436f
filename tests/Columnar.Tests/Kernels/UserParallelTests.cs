using Columnar.Kernels;

namespace Columnar.Tests.Kernels;

/// <summary>The user-range driver: every range once, partials in range order, a body's exception reaches the caller.</summary>
public class UserParallelTests
{
    // 500 users of 0..9 events each (user u has u % 10), so ranges of ~20 events hold a few users each.
    private static readonly int[] Offsets = Enumerable.Range(0, 501).Select(u => Enumerable.Range(0, u).Sum(x => x % 10)).ToArray();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    public void CoversEveryUserOnceInRangeOrder(int threads)
    {
        using var small = UserParallel.ForceEventsPerRange(20);
        var parts = UserParallel.Map(Offsets, threads, (start, end) => (start, end));
        Assert.True(parts.Length > 10);
        Assert.Equal(0, parts[0].start);
        Assert.Equal(500, parts[^1].end);
        for (var i = 1; i < parts.Length; i++) Assert.Equal(parts[i - 1].end, parts[i].start);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    public void AnExceptionInABodyReachesTheCaller(int threads)
    {
        using var small = UserParallel.ForceEventsPerRange(20);
        var e = Assert.Throws<InvalidOperationException>(() =>
            UserParallel.Map(Offsets, threads, (start, end) => start <= 250 && end > 250 ? throw new InvalidOperationException("user 250") : end - start));
        Assert.Equal("user 250", e.Message);
    }
}
