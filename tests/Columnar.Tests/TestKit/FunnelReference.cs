namespace Columnar.Tests.TestKit;

/// <summary>One raw event for <see cref="FunnelReference"/>, in arrival order.</summary>
/// <param name="User">The user id.</param>
/// <param name="TimeMicros">Microseconds since the epoch, UTC.</param>
/// <param name="Name">The event name.</param>
/// <param name="Breakdown">The breakdown property's value as text, or null.</param>
/// <param name="Order">The order id, or null.</param>
public sealed record RawEvent(string User, long TimeMicros, string Name, string? Breakdown = null, long? Order = null);

/// <summary>The reference answer: n_k per step for all users, and per breakdown value (null = no value).</summary>
public sealed record ReferenceFunnel(long[] Total, IReadOnlyList<(string? Value, long[] Users)> Rows);

/// <summary>
/// A naive ordered funnel, independent of the SQL: for every step-1 event, an exhaustive search over all assignments of
/// distinct events to the later steps (each not earlier than the previous step, within the window of step 1) finds the
/// attempt's depth. Candidates of a step are the events with its name; the search only stops scanning them past the window. Nothing here relies on greedy matching or ranks.
/// </summary>
public static class FunnelReference
{
    /// <param name="events">Events in arrival order (any time order).</param>
    /// <param name="steps">The step names.</param>
    /// <param name="windowMicros">The inclusive window.</param>
    /// <param name="purchase">When not null, this event counts once per (user, order id): only its first row in (time, arrival) order is kept; rows without an order id all count.</param>
    /// <param name="fromMicros">Inclusive lower time bound, or null.</param>
    /// <param name="toMicros">Exclusive upper time bound, or null.</param>
    public static ReferenceFunnel Run(IReadOnlyList<RawEvent> events, IReadOnlyList<string> steps, long windowMicros,
        string? purchase = null, long? fromMicros = null, long? toMicros = null)
    {
        var k = steps.Count;
        var total = new long[k];
        var rows = new List<(string? Value, long[] Users)>();
        var arrival = events.Select((e, i) => (e, i)).ToList();
        foreach (var user in arrival.GroupBy(x => x.e.User))
        {
            // (time, arrival) order, in scope, funnel names only, purchases once per order.
            var ordered = user.OrderBy(x => x.e.TimeMicros).ThenBy(x => x.i)
                .Where(x => (fromMicros is null || x.e.TimeMicros >= fromMicros) && (toMicros is null || x.e.TimeMicros < toMicros))
                .Where(x => steps.Contains(x.e.Name))
                .Select(x => x.e).ToList();
            if (purchase is not null)
            {
                var seen = new HashSet<long>();
                ordered = ordered.Where(e => e.Name != purchase || e.Order is null || seen.Add(e.Order.Value)).ToList();
            }

            // each step's candidates: the indices of events with its name, in (time, arrival) order
            var candidates = steps.Select(name => Enumerable.Range(0, ordered.Count).Where(i => ordered[i].Name == name).ToArray()).ToArray();
            var best = 0;
            string? value = null;
            foreach (var s in candidates[0])
            {
                var used = new bool[ordered.Count];
                used[s] = true;
                var depth = Search(ordered, candidates, windowMicros, ordered[s].TimeMicros, 1, ordered[s].TimeMicros, used);
                if (depth > best) // strictly deeper: ties keep the earliest attempt
                {
                    best = depth;
                    value = ordered[s].Breakdown;
                }
            }
            if (best == 0) continue;
            var row = rows.FirstOrDefault(r => r.Value == value).Users;
            if (row is null)
            {
                row = new long[k];
                rows.Add((value, row));
            }
            for (var j = 0; j < best; j++)
            {
                total[j]++;
                row[j]++;
            }
        }
        return new ReferenceFunnel(total, rows);
    }

    /// <summary>The deepest step reachable when steps 1..<paramref name="matched"/> are matched and the last one is at <paramref name="previous"/>.</summary>
    private static int Search(List<RawEvent> events, int[][] candidates, long window, long start, int matched, long previous, bool[] used)
    {
        if (matched == candidates.Length) return matched;
        var best = matched;
        foreach (var i in candidates[matched])
        {
            var e = events[i];
            if (e.TimeMicros - start > window || best == candidates.Length) break;
            if (used[i] || e.TimeMicros < previous) continue;
            used[i] = true;
            best = Math.Max(best, Search(events, candidates, window, start, matched + 1, e.TimeMicros, used));
            used[i] = false;
        }
        return best;
    }
}
