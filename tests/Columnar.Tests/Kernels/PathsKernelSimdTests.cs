using Columnar.Kernels;

namespace Columnar.Tests.Kernels;

/// <summary>Every vector path of <see cref="PathsKernel"/> equals the scalar oracle at every length around its block and vector sizes.</summary>
public class PathsKernelSimdTests
{
    public static TheoryData<int> Widths => [512, 256, 128];

    [Theory]
    [MemberData(nameof(Widths))]
    public void EqualMaskMatchesScalarAtEveryLength(int width)
    {
        var rng = new Random(width);
        for (var length = 0; length <= 64; length++)
        for (var rep = 0; rep < 20; rep++)
        {
            var codes = Enumerable.Range(0, length).Select(_ => (short)rng.Next(0, 3)).ToArray();
            ulong expected = 0;
            for (var i = 0; i < length; i++)
                if (codes[i] == 1) expected |= 1UL << i;
            Assert.Equal(expected, PathsKernel.EqualMask(codes, 1, width));
            Assert.Equal(expected, PathsKernel.EqualMask(codes, 1, 0));
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void CountMatchesScalarForEveryRowCountUpToTwoBlocksPlusOne(int width)
    {
        var rng = new Random(width + 1);
        // Row counts 0 .. 2×64+1 over 1–4 users, with and without a time scope and a gap limit.
        for (var rows = 0; rows <= 2 * 64 + 1; rows++)
        {
            var users = Math.Min(rows, rng.Next(1, 5));
            var offsets = new int[users + 1];
            for (var u = 1; u < users; u++) offsets[u] = rng.Next(offsets[u - 1], rows + 1);
            offsets[users] = rows;
            var codes = Enumerable.Range(0, rows).Select(_ => (short)rng.Next(0, 4)).ToArray();
            var times = new long[rows];
            for (var r = 1; r < rows; r++) times[r] = times[r - 1] + rng.Next(0, 3);
            foreach (var (next, gap, from, to) in new[] { (true, long.MaxValue, long.MinValue, long.MaxValue), (false, 1L, 5L, 60L), (true, 0L, long.MinValue, 40L) })
            {
                var expected = Run(offsets, times, codes, users, next, gap, from, to, 0, 4);
                Assert.Equal(expected, Run(offsets, times, codes, users, next, gap, from, to, width, 4));
                // More than 64 codes takes the general path (last user per code instead of a per-user bitmask).
                Assert.Equal(expected, Run(offsets, times, codes, users, next, gap, from, to, width, 70));
            }
        }
    }

    private static string Run(int[] offsets, long[] times, short[] codes, int users, bool next, long gap, long from, long to, int width, int codeCount)
    {
        var transitions = new long[codeCount];
        var edgeUsers = new long[codeCount];
        var lastUser = Enumerable.Repeat(-1, codeCount).ToArray();
        long events = 0, anchorUsers = 0;
        PathsKernel.Count(offsets, times, codes, 0, users, 1, next, gap, from, to, transitions, edgeUsers, lastUser, ref events, ref anchorUsers, width);
        return $"{string.Join(',', transitions.Take(4))} | {string.Join(',', edgeUsers.Take(4))} | {events} | {anchorUsers} | {transitions.Skip(4).Sum() + edgeUsers.Skip(4).Sum()}";
    }
}
