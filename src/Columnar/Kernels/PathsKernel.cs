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
/// With at most 64 event codes the per-user distinct counts are a bitmask flushed at each user change (no branch per anchor).
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
    /// <param name="transitions">Transitions by neighbour code (added to); one entry per event code of the table.</param>
    /// <param name="edgeUsers">Distinct users by neighbour code (added to).</param>
    /// <param name="lastUser">The last user counted per neighbour code (used only with more than 64 codes).</param>
    /// <param name="anchorEvents">In-scope anchor rows (added to).</param>
    /// <param name="anchorUsers">Distinct users with an in-scope anchor row (added to).</param>
    /// <param name="width">The vector width in bits (512, 256, 128) or 0 for the scalar oracle.</param>
    public static void Count(ReadOnlySpan<int> offsets, ReadOnlySpan<long> times, ReadOnlySpan<short> codes, int userStart, int userEnd,
        short anchor, bool next, long maxGap, long from, long toExclusive,
        Span<long> transitions, Span<long> edgeUsers, Span<int> lastUser, ref long anchorEvents, ref long anchorUsers, int width)
    {
        if (userStart >= userEnd) return;
        if (transitions.Length <= 64)
            CountFewCodes(offsets, times, codes, userStart, userEnd, anchor, next, maxGap, from, toExclusive, transitions, edgeUsers,
                ref anchorEvents, ref anchorUsers, width);
        else
            CountManyCodes(offsets, times, codes, userStart, userEnd, anchor, next, maxGap, from, toExclusive, transitions, edgeUsers,
                lastUser, ref anchorEvents, ref anchorUsers, width);
    }

    /// <summary>
    /// At most 64 event codes: the neighbours a user has are one bit each, flushed to the user counts when the user changes,
    /// and transitions count into four banks in turn, so runs of the same neighbour do not wait on one counter's store.
    /// </summary>
    private static void CountFewCodes(ReadOnlySpan<int> offsets, ReadOnlySpan<long> times, ReadOnlySpan<short> codes, int userStart,
        int userEnd, short anchor, bool next, long maxGap, long from, long toExclusive, Span<long> transitions, Span<long> edgeUsers,
        ref long anchorEvents, ref long anchorUsers, int width)
    {
        Span<long> banks = stackalloc long[4 * 64];
        banks.Clear();
        var timed = maxGap != long.MaxValue || from != long.MinValue || toExclusive != long.MaxValue;
        int rowStart = offsets[userStart], rowEnd = offsets[userEnd];
        var user = userStart;
        int first = offsets[user], end = offsets[user + 1];
        var lastAnchorUser = -1;
        ulong seen = 0;
        long events = 0, users = 0;
        for (var block = rowStart; block < rowEnd; block += 64)
        {
            var mask = EqualMask(codes.Slice(block, Math.Min(64, rowEnd - block)), anchor, width);
            while (mask != 0)
            {
                var i = block + BitOperations.TrailingZeroCount(mask);
                mask &= mask - 1;
                if (i >= end)
                {
                    Flush(ref seen, edgeUsers);
                    do
                    {
                        user++;
                        first = end;
                        end = offsets[user + 1];
                    } while (i >= end);
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
                if (user != lastAnchorUser)
                {
                    users++;
                    lastAnchorUser = user;
                }
                events++;
                if (!hasNeighbour) continue;
                var c = codes[j];
                banks[(c << 2) | (int)(events & 3)]++;
                seen |= 1UL << c;
            }
        }
        Flush(ref seen, edgeUsers);
        anchorEvents += events;
        anchorUsers += users;
        for (var c = 0; c < transitions.Length; c++) transitions[c] += banks[c << 2] + banks[(c << 2) | 1] + banks[(c << 2) | 2] + banks[(c << 2) | 3];
    }

    private static void Flush(ref ulong seen, Span<long> edgeUsers)
    {
        for (; seen != 0; seen &= seen - 1) edgeUsers[BitOperations.TrailingZeroCount(seen)]++;
    }

    /// <summary>Any number of event codes: a user counts for a neighbour code when it differs from the last user counted there.</summary>
    private static void CountManyCodes(ReadOnlySpan<int> offsets, ReadOnlySpan<long> times, ReadOnlySpan<short> codes, int userStart,
        int userEnd, short anchor, bool next, long maxGap, long from, long toExclusive, Span<long> transitions, Span<long> edgeUsers,
        Span<int> lastUser, ref long anchorEvents, ref long anchorUsers, int width)
    {
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
