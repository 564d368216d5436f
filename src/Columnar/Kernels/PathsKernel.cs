namespace Columnar.Kernels;

/// <summary>
/// Next- and previous-event transition counts around an anchor event over the user-sorted columns. A transition joins an
/// in-scope anchor row with the adjacent row of the same user (rows are in (user, time, arrival) order), when that row is in
/// scope too and, within sessions, no more than the timeout away.
/// </summary>
internal static class PathsKernel
{
    /// <summary>
    /// Counts transitions over rows [<paramref name="rowStart"/>, <paramref name="rowEnd"/>), which must hold whole users.
    /// Adds to <paramref name="transitions"/>[code] and, once per user, to <paramref name="edgeUsers"/>[code], where code is the
    /// neighbour's event code. <paramref name="lastUser"/> (one per code) must hold values below every user index in the rows,
    /// for example −1; it is left holding the last user counted per code.
    /// </summary>
    /// <param name="users">The dense user index of every row.</param>
    /// <param name="times">The time of every row, µs UTC, non-decreasing within a user.</param>
    /// <param name="codes">The event code of every row.</param>
    /// <param name="rowStart">The first row.</param>
    /// <param name="rowEnd">The row after the last.</param>
    /// <param name="anchor">The anchor's event code.</param>
    /// <param name="next">True for the row after the anchor, false for the row before it.</param>
    /// <param name="maxGap">The largest gap in µs a transition may span (<see cref="long.MaxValue"/> across sessions).</param>
    /// <param name="from">Inclusive lower time bound of scope, µs UTC.</param>
    /// <param name="toExclusive">Exclusive upper time bound of scope, µs UTC.</param>
    /// <param name="transitions">Transitions by neighbour code (added to).</param>
    /// <param name="edgeUsers">Distinct users by neighbour code (added to).</param>
    /// <param name="lastUser">The last user counted per neighbour code.</param>
    /// <param name="anchorEvents">In-scope anchor rows (added to).</param>
    /// <param name="anchorUsers">Distinct users with an in-scope anchor row (added to).</param>
    public static void Count(ReadOnlySpan<int> users, ReadOnlySpan<long> times, ReadOnlySpan<short> codes, int rowStart, int rowEnd,
        short anchor, bool next, long maxGap, long from, long toExclusive,
        Span<long> transitions, Span<long> edgeUsers, Span<int> lastUser, ref long anchorEvents, ref long anchorUsers)
    {
        var lastAnchorUser = -1;
        var slice = codes[rowStart..rowEnd];
        var pos = 0;
        var width = (uint)(rowEnd - rowStart);
        while (true)
        {
            // IndexOf is vectorised: rows that are not the anchor cost a SIMD compare, nothing more.
            var found = slice[pos..].IndexOf(anchor);
            if (found < 0) break;
            var i = rowStart + pos + found;
            pos += found + 1;
            var t = times[i];
            if (t < from || t >= toExclusive) continue;
            var u = users[i];
            anchorEvents++;
            if (u != lastAnchorUser)
            {
                anchorUsers++;
                lastAnchorUser = u;
            }
            var j = next ? i + 1 : i - 1;
            if ((uint)(j - rowStart) >= width || users[j] != u) continue;
            var tj = times[j];
            if (next ? tj >= toExclusive || tj - t > maxGap : tj < from || t - tj > maxGap) continue;
            var c = codes[j];
            transitions[c]++;
            if (lastUser[c] != u)
            {
                lastUser[c] = u;
                edgeUsers[c]++;
            }
        }
    }
}
