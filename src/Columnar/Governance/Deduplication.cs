using Columnar.Ingest;
using Columnar.Storage;

namespace Columnar.Governance;

/// <summary>The deduplication rules, in precedence order: a row caught by several counts under the first.</summary>
public enum DuplicateRule
{
    /// <summary>Identical in every column: user, time, event and all properties.</summary>
    Exact,
    /// <summary>The same non-null value of the event-id column as an earlier row.</summary>
    EventId,
    /// <summary>The same user, event and properties (except the event id) within the near-duplicate window of a kept row.</summary>
    Near,
}

/// <summary>
/// Deduplication, opt-in. Without it (<see cref="GovernanceOptions.Dedup"/> null) exact duplicates are only counted and kept, because
/// identical rows can be genuine (DESIGN §6). The kept row of each duplicate group is the first in table order, (user, time, arrival),
/// so the result does not depend on thread count or run.
/// </summary>
public sealed record DedupOptions
{
    /// <summary>Catch rows identical in every column (default true).</summary>
    public bool Exact { get; init; } = true;

    /// <summary>A property holding a unique event id: later rows with an id already seen anywhere in the table are duplicates.</summary>
    public string? EventIdProperty { get; init; }

    /// <summary>
    /// Near-duplicates: within one user, rows with the same event and equal properties (the event-id property ignored) whose time is
    /// at most this much after the last kept such row, as double-fired client events are. Null disables the rule; 1 s is typical.
    /// </summary>
    public TimeSpan? NearWindow { get; init; }

    /// <summary>Remove the duplicates found (default true); false only counts them.</summary>
    public bool Remove { get; init; } = true;
}

/// <summary>Finds duplicates by rule; see <see cref="DedupOptions"/>.</summary>
internal static class Deduplicator
{
    /// <summary>The rule that catches each row, or -1 for a kept row.</summary>
    public static sbyte[] Find(EventTable table, DedupOptions options)
    {
        var n = table.EventCount;
        var rule = new sbyte[n];
        Array.Fill(rule, (sbyte)-1);
        var events = table.EventCodes.ToArray();
        var times = table.Times.ToArray();
        var offsets = table.Offsets.ToArray();
        PropertyColumn? idColumn = null;
        if (options.EventIdProperty is { } idName)
            idColumn = table.Property(idName) ?? throw new ColumnarException(ErrorCodes.BadGovernanceOption,
                $"the event-id property '{idName}' is not a column (columns: {string.Join(", ", table.Properties.Select(p => p.Name))})");
        var nearProps = table.Properties.Where(p => p != idColumn).Select(DuplicateCounter.Comparer).ToArray();
        int Compare(Comparison<int>[] props, int a, int b)
        {
            var c = events[a].CompareTo(events[b]);
            for (var p = 0; c == 0 && p < props.Length; p++) c = props[p](a, b);
            return c;
        }

        var run = new List<int>();
        if (options.Exact) DuplicateCounter.ForEachDuplicate(table, (row, _) => rule[row] = (sbyte)DuplicateRule.Exact);

        if (idColumn is not null)
        {
            var byId = DuplicateCounter.Comparer(idColumn);
            var rows = Enumerable.Range(0, n).Where(r => rule[r] < 0 && !idColumn.IsNull(r)).ToArray();
            Array.Sort(rows, (a, b) => { var c = byId(a, b); return c != 0 ? c : a.CompareTo(b); });
            for (var i = 1; i < rows.Length; i++)
                if (byId(rows[i - 1], rows[i]) == 0) rule[rows[i]] = (sbyte)DuplicateRule.EventId;
        }

        if (options.NearWindow is { } window)
        {
            if (window <= TimeSpan.Zero) throw new ColumnarException(ErrorCodes.BadGovernanceOption, $"the near-duplicate window must be positive, got {window}");
            var micros = window.Ticks / 10;
            for (var u = 0; u < table.UserCount; u++)
            {
                run.Clear();
                for (var r = offsets[u]; r < offsets[u + 1]; r++) if (rule[r] < 0) run.Add(r);
                if (run.Count < 2) continue;
                // Rows are in time order within a user, so sorting by (event, properties, row) keeps each group in time order.
                run.Sort((a, b) => { var c = Compare(nearProps, a, b); return c != 0 ? c : a.CompareTo(b); });
                var kept = run[0];
                for (var i = 1; i < run.Count; i++)
                {
                    var r = run[i];
                    if (Compare(nearProps, kept, r) == 0 && times[r] - times[kept] <= micros) rule[r] = (sbyte)DuplicateRule.Near;
                    else kept = r;
                }
            }
        }
        return rule;
    }
}
