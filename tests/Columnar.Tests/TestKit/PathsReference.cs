namespace Columnar.Tests.TestKit;

/// <summary>One expected edge: from, to, transitions, distinct users and share of all transitions.</summary>
public sealed record ReferenceEdge(string From, string To, long Transitions, long Users, double Share);

/// <summary>The reference paths answer.</summary>
public sealed record ReferencePaths(IReadOnlyList<ReferenceEdge> Edges, long AnchorEvents, long AnchorUsers, long Transitions, int DistinctEdges);

/// <summary>
/// Naive paths, independent of the engines: sort each user's events by (time, arrival), keep the date range, pair every row
/// with its neighbour, and count with LINQ.
/// </summary>
public static class PathsReference
{
    /// <param name="events">Events in arrival order: user, time (µs UTC), name.</param>
    /// <param name="anchor">The anchor event.</param>
    /// <param name="next">True for next events, false for previous ones.</param>
    /// <param name="top">How many edges to keep.</param>
    /// <param name="timeoutMicros">Within sessions: the largest gap kept; null across sessions.</param>
    /// <param name="from">Inclusive lower time bound or null.</param>
    /// <param name="to">Exclusive upper time bound or null.</param>
    public static ReferencePaths Run(IReadOnlyList<(string User, long Time, string Name)> events, string anchor, bool next, int top,
        long? timeoutMicros, long? from = null, long? to = null)
    {
        var pairs = new List<(string User, string Other)>();
        long anchorEvents = 0;
        var anchorUsers = new HashSet<string>();
        foreach (var user in events.Select((e, i) => (e, i)).GroupBy(x => x.e.User))
        {
            var rows = user.OrderBy(x => x.e.Time).ThenBy(x => x.i).Select(x => x.e)
                .Where(e => (from is null || e.Time >= from) && (to is null || e.Time < to)).ToList();
            for (var i = 0; i < rows.Count; i++)
            {
                if (rows[i].Name != anchor) continue;
                anchorEvents++;
                anchorUsers.Add(user.Key);
                var j = next ? i + 1 : i - 1;
                if (j < 0 || j >= rows.Count) continue;
                if (timeoutMicros is { } limit && Math.Abs(rows[j].Time - rows[i].Time) > limit) continue;
                pairs.Add((user.Key, rows[j].Name));
            }
        }
        var all = pairs.GroupBy(p => p.Other)
            .Select(g => (Other: g.Key, Transitions: (long)g.Count(), Users: (long)g.Select(p => p.User).Distinct().Count()))
            .ToList();
        var total = all.Sum(e => e.Transitions);
        var edges = all.OrderByDescending(e => e.Transitions).ThenByDescending(e => e.Users).ThenBy(e => e.Other, StringComparer.Ordinal)
            .Take(top)
            .Select(e => new ReferenceEdge(next ? anchor : e.Other, next ? e.Other : anchor, e.Transitions, e.Users, (double)e.Transitions / total))
            .ToList();
        return new ReferencePaths(edges, anchorEvents, anchorUsers.Count, total, all.Count);
    }
}
