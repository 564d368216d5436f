using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Columnar.Kernels;

/// <summary>
/// Next- and previous-event transition counts around an anchor event over the user-sorted columns. A transition joins an
/// in-scope anchor row with the adjacent row of the same user (rows are in (user, time, arrival) order), when that row is in
/// scope too and, within sessions, no more than the timeout away.
/// </summary>
/// <remarks>
/// The scan compares 64 event codes at a time with the anchor (one bit per row) and visits only the set bits, walking the
/// offset index alongside to know each row's user, so the user column is never read. The time column is read only at
/// anchors and only when a date range or a session timeout is set: the default query touches the codes and offsets alone.
/// </remarks>
internal static class PathsKernel
{
    /// <summary>The widest vector the hardware accelerates, or scalar.</summary>
    public static int DefaultWidth { get; } =
        Vector512.IsHardwareAccelerated ? 512 : Vector256.IsHardwareAccelerated ? 256 : Vector128.IsHardwareAccelerated ? 128 : 0;

    /// <summary>
    /// Counts transitions for users [<paramref name="userStart"/>, <paramref name="userEnd"/>). Adds to
    /// <paramref name="transitions"/>[code] and, once per user, to <paramref name="edgeUsers"/>[code], where code is the
    /// neighbour's event code. <paramref name="lastUser"/> (one per code) must hold values below <paramref name="userStart"/>,
    /// for example −1; it is left holding the last user counted per code.
    /// </summary>
    /// <param name="offsets">The per-user offset index (U+1 entries).</param>
    /// <param name="times">The time of every row, µs UTC, non-decreasing within a user.</param>
    /// <param name="codes">The event code of every row.</param>
    /// <param name="userStart">The first user.</param>
    /// <param name="userEnd">The user after the last.</param>
    /// <param name="anchor">The anchor's event code.</param>
    /// <param name="next">True for the row after the anchor, false for the row before it.</param>
    /// <param name="maxGap">The largest gap in µs a transition may span (<see cref="long.MaxValue"/> across sessions).</param>
    /// <param name="from">Inclusive lower time bound of scope, µs UTC (<see cref="long.MinValue"/> for none).</param>
    /// <param name="toExclusive">Exclusive upper time bound of scope, µs UTC (<see cref="long.MaxValue"/> for none).</param>
    /// <param name="transitions">Transitions by neighbour code (added to).</param>
    /// <param name="edgeUsers">Distinct users by neighbour code (added to).</param>
    /// <param name="lastUser">The last user counted per neighbour code.</param>
    /// <param name="anchorEvents">In-scope anchor rows (added to).</param>
    /// <param name="anchorUsers">Distinct users with an in-scope anchor row (added to).</param>
    /// <param name="width">The vector width in bits (512, 256, 128) or 0 for the scalar oracle.</param>
    public static void Count(ReadOnlySpan<int> offsets, ReadOnlySpan<long> times, ReadOnlySpan<short> codes, int userStart, int userEnd,
        short anchor, bool next, long maxGap, long from, long toExclusive,
        Span<long> transitions, Span<long> edgeUsers, Span<int> lastUser, ref long anchorEvents, ref long anchorUsers, int width)
    {
        if (userStart >= userEnd) return;
        var timed = maxGap != long.MaxValue || from != long.MinValue || toExclusive != long.MaxValue;
        int rowStart = offsets[userStart], rowEnd = offsets[userEnd];
        var user = userStart;
        int first = offsets[user], end = offsets[user + 1];
        var lastAnchorUser = -1;
        for (var block = rowStart; block < rowEnd; block += 64)
        {
            var mask = EqualMask(codes.Slice(block, Math.Min(64, rowEnd - block)), anchor, width);
            while (mask != 0)
            {
                var i = block + BitOperations.TrailingZeroCount(mask);
                mask &= mask - 1;
                while (i >= end)
                {
                    user++;
                    first = end;
                    end = offsets[user + 1];
                }
                var j = next ? i + 1 : i - 1;
                var hasNeighbour = next ? j < end : j >= first;
                if (timed)
                {
                    var t = times[i];
                    if (t < from || t >= toExclusive) continue;
                    if (hasNeighbour)
                    {
                        var tj = times[j];
                        hasNeighbour = next ? tj < toExclusive && tj - t <= maxGap : tj >= from && t - tj <= maxGap;
                    }
                }
                anchorEvents++;
                if (user != lastAnchorUser)
                {
                    anchorUsers++;
                    lastAnchorUser = user;
                }
                if (!hasNeighbour) continue;
                var c = codes[j];
                transitions[c]++;
                if (lastUser[c] != user)
                {
                    lastUser[c] = user;
                    edgeUsers[c]++;
                }
            }
        }
    }

    /// <summary>Bit r is set when <paramref name="codes"/>[r] equals <paramref name="value"/>; at most 64 codes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong EqualMask(ReadOnlySpan<short> codes, short value, int width)
    {
        ulong mask = 0;
        var r = 0;
        ref var start = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(codes);
        // Full vectors only; the tail of a block finishes in the scalar loop (at most one per range, since blocks are 64 rows).
        if (width >= 512)
        {
            var v = Vector512.Create(value);
            for (; r + 32 <= codes.Length; r += 32)
                mask |= (ulong)Vector512.Equals(Vector512.LoadUnsafe(ref start, (nuint)r), v).ExtractMostSignificantBits() << r;
        }
        else if (width >= 256)
        {
            var v = Vector256.Create(value);
            for (; r + 16 <= codes.Length; r += 16)
                mask |= (ulong)Vector256.Equals(Vector256.LoadUnsafe(ref start, (nuint)r), v).ExtractMostSignificantBits() << r;
        }
        else if (width >= 128)
        {
            var v = Vector128.Create(value);
            for (; r + 8 <= codes.Length; r += 8)
                mask |= (ulong)Vector128.Equals(Vector128.LoadUnsafe(ref start, (nuint)r), v).ExtractMostSignificantBits() << r;
        }
        for (; r < codes.Length; r++)
            if (codes[r] == value) mask |= 1UL << r;
        return mask;
    }
}
