using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Columnar.Kernels;

/// <summary>
/// The cold behavioural count: which users have between <c>min</c> and <c>max</c> rows with a given event code whose time is in
/// (lo, hi]. The window is the same for every user, so one streaming pass over the 2-byte code column and one over the user
/// offsets count every user's matches without reading a time; the 8-byte times (sorted within a user) are read only for users
/// whose count could reach min, at most twice each.
/// </summary>
/// <remarks>The loops are compiled fully optimised on first use: a one-shot segment (the CLI's) runs them once, too few times
/// for tiered compilation to promote them.</remarks>
internal static class WindowCounts
{
    /// <summary>
    /// Writes the users u in [<paramref name="userStart"/>, <paramref name="userEnd"/>) whose count c of rows r with
    /// <c>codes[r] == code</c> (every row when <paramref name="code"/> is negative) and <c>lo &lt; times[r] ≤ hi</c> satisfies
    /// min ≤ c ≤ max to <paramref name="users"/> in ascending order, and returns how many it wrote.
    /// </summary>
    /// <remarks>
    /// User u's rows are [offsets[u], offsets[u+1]) (<paramref name="offsets"/> has U + 1 entries), time-sorted. Needs
    /// 1 ≤ min ≤ max (max int.MaxValue for no limit; a count of 0 is the complement of min = max + 1) and room for
    /// userEnd − userStart users. <paramref name="path"/> is the vector width of the code scan; <see cref="SimdPath.Scalar"/> is the oracle.
    /// </remarks>
    public static int Select(ReadOnlySpan<int> offsets, ReadOnlySpan<short> codes, ReadOnlySpan<long> times, int userStart, int userEnd,
        int code, long lo, long hi, int min, int max, Span<uint> users, SimdPath path)
    {
        if (min < 1 || max < min) throw new ArgumentOutOfRangeException(nameof(min), $"need 1 ≤ min ≤ max, got {min}, {max}");
        if (users.Length < userEnd - userStart) throw new ArgumentException("too little room for the users", nameof(users));
        // Counting stops once it reaches min (no max: the user is in) or passes max (the user is out).
        var stopAt = max == int.MaxValue ? min : max + 1;
        if (lo >= hi) return 0;
        return code < 0
            ? SelectAny(offsets, times, userStart, userEnd, lo, hi, min, max, stopAt, users)
            : SelectCode(offsets, codes, times, userStart, userEnd, (short)code, lo, hi, min, max, stopAt, users, path);
    }

    /// <summary>Every row counts: per user, the window's rows are counted back from the user's last row at or before hi.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int SelectAny(ReadOnlySpan<int> offsets, ReadOnlySpan<long> times, int userStart, int userEnd, long lo, long hi,
        int min, int max, int stopAt, Span<uint> users)
    {
        var n = 0;
        for (var u = userStart; u < userEnd; u++)
        {
            int s = offsets[u], e = offsets[u + 1];
            if (s < e && times[e - 1] > hi) e = s + SortedSearch.LowerBound(times[s..e], hi + 1);
            var count = 0;
            for (var r = e - 1; r >= s && count < stopAt && times[r] > lo; r--) count++;
            if (count >= min && count <= max) users[n++] = (uint)u;
        }
        return n;
    }

    /// <summary>
    /// The range's matching rows become one bitset (a vector compare per 16 or 32 codes) with a running popcount per word; then
    /// one pass over the user offsets gives each user's count as the difference of two ranks. Only a user with at least min
    /// matches reads times: with nothing after hi, its count in the window reaches min iff its min-th last match is after lo,
    /// and passes max iff its (max+1)-th last one is, so at most two reads per user, queued and resolved in batches so that
    /// the (mostly cache-missing) loads overlap. With rows after hi, the user's matches are read back from the last.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int SelectCode(ReadOnlySpan<int> offsets, ReadOnlySpan<short> codes, ReadOnlySpan<long> times, int userStart, int userEnd,
        short code, long lo, long hi, int min, int max, int stopAt, Span<uint> users, SimdPath path)
    {
        var first = offsets[userStart];
        var rows = offsets[userEnd] - first;
        var words = Bits.Words(rows);
        // One spare word so that the rank of the range's end is read like any other.
        var bits = ArrayPool<ulong>.Shared.Rent(words + 1);
        var before = ArrayPool<int>.Shared.Rent(words + 1);
        try
        {
            CodeMatch.Mask(codes.Slice(first, rows), new CodeEquals(code), bits, path);
            bits[words] = 0;
            // before[w]: the set bits in the words before w, so a user's count is the difference of two ranks, with no branch.
            before[0] = 0;
            for (var w = 0; w < words; w++) before[w + 1] = before[w] + BitOperations.PopCount(bits[w]);
            const int Batch = 256;
            Span<int> queuedUser = stackalloc int[Batch], queuedMin = stackalloc int[Batch], queuedMax = stackalloc int[Batch];
            int queued = 0, n = 0, rankStart = 0;
            for (var u = userStart; u < userEnd; u++)
            {
                var e = offsets[u + 1] - first;
                var rankEnd = before[e >> 6] + BitOperations.PopCount(bits[e >> 6] & ((1UL << (e & 63)) - 1));
                var k = rankEnd - rankStart;
                rankStart = rankEnd;
                if (k < min) continue;
                var s = offsets[u] - first;
                if (hi != long.MaxValue)
                {
                    if (InRange(times, bits, s, e, first, lo, hi, min, max, stopAt)) users[n++] = (uint)u;
                    continue;
                }
                queuedUser[queued] = u;
                queuedMin[queued] = first + NthLastSet(bits, s, e, min);
                queuedMax[queued] = max != int.MaxValue && k > max ? first + NthLastSet(bits, s, e, max + 1) : -1;
                if (++queued == Batch)
                {
                    n += Resolve(times, lo, queuedUser, queuedMin, queuedMax, users[n..]);
                    queued = 0;
                }
            }
            return n + Resolve(times, lo, queuedUser[..queued], queuedMin[..queued], queuedMax[..queued], users[n..]);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(before);
            ArrayPool<ulong>.Shared.Return(bits);
        }
    }

    /// <summary>The position of the <paramref name="nth"/> (1-based) set bit from the end of [a, b); there must be that many.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int NthLastSet(ReadOnlySpan<ulong> bits, int a, int b, int nth)
    {
        int wa = a >> 6, w = (b - 1) >> 6;
        var word = bits[w] & (~0UL >> (63 - ((b - 1) & 63)));
        while (true)
        {
            if (w == wa) word &= ~0UL << (a & 63);
            var c = BitOperations.PopCount(word);
            if (c >= nth)
            {
                for (; nth > 1; nth--) word &= ~(1UL << (63 - BitOperations.LeadingZeroCount(word)));
                return (w << 6) + 63 - BitOperations.LeadingZeroCount(word);
            }
            nth -= c;
            word = bits[--w];
        }
    }

    /// <summary>
    /// Whether the count of the user's matches (set bits in [a, b), rows <paramref name="first"/> + position) with time in
    /// (lo, hi] is in [min, max]: read from the last match back, up to the first at or before lo or the stop point.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool InRange(ReadOnlySpan<long> times, ReadOnlySpan<ulong> bits, int a, int b, int first, long lo, long hi, int min, int max, int stopAt)
    {
        int wa = a >> 6, w = (b - 1) >> 6, count = 0;
        var word = bits[w] & (~0UL >> (63 - ((b - 1) & 63)));
        while (true)
        {
            if (w == wa) word &= ~0UL << (a & 63);
            while (word != 0)
            {
                var bit = 63 - BitOperations.LeadingZeroCount(word);
                word &= ~(1UL << bit);
                var t = times[first + (w << 6) + bit];
                if (t > hi) continue;
                if (t <= lo || ++count == stopAt) return count >= min && count <= max;
            }
            if (w == wa) return count >= min && count <= max;
            word = bits[--w];
        }
    }

    /// <summary>Writes the queued users whose min-th last match is after lo and whose (max+1)-th last (if any) is not; returns how many.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Resolve(ReadOnlySpan<long> times, long lo, ReadOnlySpan<int> user, ReadOnlySpan<int> minRow, ReadOnlySpan<int> maxRow, Span<uint> users)
    {
        // Branch-free on the loaded times: a mispredicted branch on one load would discard the loads issued after it, and
        // the point of the batch is to have many in flight. (The max test is the same for every user, so its branch is not.)
        var n = 0;
        for (var i = 0; i < user.Length; i++)
        {
            var pass = times[minRow[i]] > lo;
            if (maxRow[i] >= 0) pass &= times[maxRow[i]] <= lo;
            users[n] = (uint)user[i];
            n += pass ? 1 : 0;
        }
        return n;
    }

}
