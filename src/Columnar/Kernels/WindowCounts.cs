using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Columnar.Kernels;

/// <summary>
/// The cold behavioural count: which users have between <c>min</c> and <c>max</c> rows with a given event code whose time is in
/// (lo, hi]. The window is the same for every user, so one streaming pass over the 2-byte code column finds the candidate
/// rows, and the 8-byte times (sorted within a user) are read only where a user's candidates could reach min.
/// </summary>
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
    /// One pass over the code column collects each user's matching rows; only a user with at least min of them reads times,
    /// from its last match back, stopping at the first at or before lo (times are sorted within a user) or at the stop point.
    /// So times are read for few rows, and the scan itself streams the 2-byte codes.
    /// </summary>
    private static int SelectCode(ReadOnlySpan<int> offsets, ReadOnlySpan<short> codes, ReadOnlySpan<long> times, int userStart, int userEnd,
        short code, long lo, long hi, int min, int max, int stopAt, Span<uint> users, SimdPath path)
    {
        const int Block = 4096;
        var end = offsets[userEnd];
        Span<ulong> bits = stackalloc ulong[Block / 64];
        // With nothing after hi, a user's count reaches min iff its min-th last match is after lo, and passes max iff its
        // (max+1)-th last one is: at most two time reads per user, which are queued and resolved in batches so that the
        // (mostly cache-missing) loads overlap instead of stalling the scan one by one.
        var batched = hi == long.MaxValue;
        const int Batch = 256;
        Span<int> queuedUser = stackalloc int[Batch], queuedMin = stackalloc int[Batch], queuedMax = stackalloc int[Batch];
        var queued = 0;
        var candidates = ArrayPool<int>.Shared.Rent(Block);
        var matches = ArrayPool<int>.Shared.Rent(64);
        try
        {
            int u = userStart, uEnd = offsets[u + 1], k = 0, n = 0;
            for (var b = offsets[userStart]; ; b += Block)
            {
                var found = 0;
                if (b < end)
                {
                    var length = Math.Min(Block, end - b);
                    CodeMatch.Mask(codes.Slice(b, length), new CodeEquals(code), bits, path);
                    found = Bits.Indices(bits[..Bits.Words(length)], b, candidates);
                }
                else candidates[found++] = end; // a sentinel row past the range closes the last user
                for (var i = 0; i < found; i++)
                {
                    var row = candidates[i];
                    if (row >= uEnd)
                    {
                        if (k >= min)
                        {
                            if (!batched)
                            {
                                if (InRange(times, matches.AsSpan(0, k), lo, hi, min, max, stopAt)) users[n++] = (uint)u;
                            }
                            else
                            {
                                queuedUser[queued] = u;
                                queuedMin[queued] = matches[k - min];
                                queuedMax[queued] = max != int.MaxValue && k > max ? matches[k - max - 1] : -1;
                                if (++queued == Batch)
                                {
                                    n += Resolve(times, lo, queuedUser, queuedMin, queuedMax, users[n..]);
                                    queued = 0;
                                }
                            }
                        }
                        if (row == end) break;
                        do u++; while (offsets[u + 1] <= row);
                        uEnd = offsets[u + 1];
                        k = 0;
                    }
                    if (k == matches.Length) Grow(ref matches);
                    matches[k++] = row;
                }
                if (b >= end) break;
            }
            n += Resolve(times, lo, queuedUser[..queued], queuedMin[..queued], queuedMax[..queued], users[n..]);
            return n;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(matches);
            ArrayPool<int>.Shared.Return(candidates);
        }
    }

    /// <summary>Writes the queued users whose min-th last match is after lo and whose (max+1)-th last (if any) is not; returns how many.</summary>
    private static int Resolve(ReadOnlySpan<long> times, long lo, ReadOnlySpan<int> user, ReadOnlySpan<int> minRow, ReadOnlySpan<int> maxRow, Span<uint> users)
    {
        var n = 0;
        for (var i = 0; i < user.Length; i++)
            if (times[minRow[i]] > lo && (maxRow[i] < 0 || times[maxRow[i]] <= lo)) users[n++] = (uint)user[i];
        return n;
    }

    /// <summary>Whether the count of <paramref name="rows"/> (one user's, ascending) with time in (lo, hi] is in [min, max].</summary>
    private static bool InRange(ReadOnlySpan<long> times, ReadOnlySpan<int> rows, long lo, long hi, int min, int max, int stopAt)
    {
        var count = 0;
        for (var i = rows.Length - 1; i >= 0; i--)
        {
            var t = times[rows[i]];
            if (t > hi) continue;
            if (t <= lo || ++count == stopAt) break;
        }
        return count >= min && count <= max;
    }

    private static void Grow(ref int[] buffer)
    {
        var bigger = ArrayPool<int>.Shared.Rent(buffer.Length * 2);
        buffer.AsSpan().CopyTo(bigger);
        ArrayPool<int>.Shared.Return(buffer);
        buffer = bigger;
    }

}
