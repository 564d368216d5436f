using Apache.Arrow;
using Columnar.Storage;

namespace Columnar.Ingest;

/// <summary>
/// Counts rows identical in every mapped field (user, time, event and all properties). Identical rows share user and time, so they
/// sit next to each other in the sorted table: only runs of equal (user, time) are compared, each sorted by (event, properties),
/// which stays O(k log k) even when very many events share one instant.
/// </summary>
internal static class DuplicateCounter
{
    public static (long Rows, long Groups) Count(EventTable table)
    {
        long rows = 0, groups = 0;
        ForEachDuplicate(table, (_, firstCopy) =>
        {
            rows++;
            if (firstCopy) groups++;
        });
        return (rows, groups);
    }

    /// <summary>
    /// Calls <paramref name="duplicate"/> for every row identical to an earlier row of the table (in (user, time, arrival) order),
    /// so the first row of each group is the one kept; <c>firstCopy</c> is true for the first duplicate of its group.
    /// Deduplication and the load report share it, so they always agree.
    /// </summary>
    internal static void ForEachDuplicate(EventTable table, Action<int, bool> duplicate)
    {
        var times = table.Times;
        var offsets = table.Offsets;
        // Built at the first run of equal (user, time); they read the table's buffers and copy nothing.
        Comparison<int>[]? comparers = null;
        int Compare(int a, int b)
        {
            comparers ??= table.Properties.Select(Comparer).ToArray();
            var events = table.EventCodes;
            var c = events[a].CompareTo(events[b]);
            for (var p = 0; c == 0 && p < comparers.Length; p++) c = comparers[p](a, b);
            return c;
        }

        var run = new List<int>();
        for (var u = 0; u < table.UserCount; u++)
        {
            var r = offsets[u];
            var end = offsets[u + 1];
            while (r < end)
            {
                var s = r;
                while (r + 1 < end && times[r + 1] == times[s]) r++;
                r++;
                if (r - s < 2) continue;
                run.Clear();
                for (var i = s; i < r; i++) run.Add(i);
                // Ties by row, so each group's first row in table order leads it.
                run.Sort((a, b) => { var c = Compare(a, b); return c != 0 ? c : a.CompareTo(b); });
                for (var i = 1; i < run.Count; i++)
                {
                    if (Compare(run[i - 1], run[i]) != 0) continue;
                    duplicate(run[i], i == 1 || Compare(run[i - 2], run[i - 1]) != 0);
                }
            }
        }
    }

    /// <summary>An ordering of one property column; nulls first, equal values compare 0.</summary>
    internal static Comparison<int> Comparer(PropertyColumn column)
    {
        var data = column.Data;
        int Nulls(int a, int b, out bool decided)
        {
            var na = data.IsNull(a);
            var nb = data.IsNull(b);
            decided = na || nb;
            return na == nb ? 0 : na ? -1 : 1;
        }
        switch (column.Type)
        {
            case PropertyType.String:
                return (a, b) => { var n = Nulls(a, b, out var d); return d ? n : column.Codes[a].CompareTo(column.Codes[b]); };
            case PropertyType.Bool:
            {
                var bools = (BooleanArray)data;
                return (a, b) => { var n = Nulls(a, b, out var d); return d ? n : bools.GetValue(a)!.Value.CompareTo(bools.GetValue(b)!.Value); };
            }
            case PropertyType.Decimal:
            {
                // All values share one scale, so equal decimals have equal 16-byte representations.
                var dec = (Decimal128Array)data;
                return (a, b) =>
                {
                    var n = Nulls(a, b, out var d);
                    return d ? n : dec.ValueBuffer.Span.Slice(a * 16, 16).SequenceCompareTo(dec.ValueBuffer.Span.Slice(b * 16, 16));
                };
            }
            default:
            {
                // int64, timestamp, and double compared by bit pattern (equality is what matters).
                var values = data.Data.Buffers[1];
                return (a, b) =>
                {
                    var n = Nulls(a, b, out var d);
                    if (d) return n;
                    var span = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, long>(values.Span);
                    return span[a].CompareTo(span[b]);
                };
            }
        }
    }
}
