using Columnar.Storage;

namespace Columnar.Governance;

/// <summary>Infers a <see cref="TrackingPlan"/> from a table; see <see cref="TrackingPlan.Infer"/> for the rules.</summary>
internal static class PlanInference
{
    public static TrackingPlan Infer(EventTable table, int maxAllowed, HashSet<string> identityEvents)
    {
        var codes = table.EventCodes;
        var rowsByEvent = new List<int>[table.EventNames.Count];
        for (var i = 0; i < rowsByEvent.Length; i++) rowsByEvent[i] = [];
        for (var r = 0; r < codes.Length; r++) rowsByEvent[codes[r]].Add(r);
        var columns = table.Properties.Select(p => new ColumnValues(p)).ToArray();
        var events = new List<PlannedEvent>();
        for (var e = 0; e < rowsByEvent.Length; e++)
        {
            var rows = rowsByEvent[e];
            if (rows.Count == 0) continue;
            var props = new List<PlannedProperty>();
            for (var c = 0; c < columns.Length; c++)
            {
                if (InferProperty(table.Properties[c].Name, columns[c], rows, maxAllowed) is { } p) props.Add(p);
            }
            events.Add(new PlannedEvent(table.EventNames[e], props, identityEvents.Contains(table.EventNames[e])));
        }
        return new TrackingPlan(events);
    }

    private static PlannedProperty? InferProperty(string name, ColumnValues column, List<int> rows, int maxAllowed)
    {
        var present = rows.Where(r => !column.IsNull(r)).ToList();
        if (present.Count == 0) return null;
        var required = present.Count == rows.Count;
        var type = column.Type;
        if (type == PropertyType.String)
        {
            // Narrow text to the strictest type every value satisfies.
            foreach (var candidate in (ReadOnlySpan<PropertyType>)[PropertyType.Int64, PropertyType.Double, PropertyType.Bool])
            {
                if (present.All(r => column.TryAs(r, candidate, out _, out _))) { type = candidate; break; }
            }
        }
        var plan = new PlannedProperty(name, type, required);
        if (type is PropertyType.Int64 or PropertyType.Double or PropertyType.Decimal)
        {
            decimal? min = null, max = null;
            foreach (var r in present)
            {
                if (!column.TryAs(r, type, out _, out var n) || n is not { } v) return plan; // a double beyond decimal range: no range
                if (min is null || v < min) min = v;
                if (max is null || v > max) max = v;
            }
            return plan with { Min = min, Max = max };
        }
        if (type is PropertyType.String or PropertyType.Bool)
        {
            var distinct = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var r in present)
            {
                column.TryAs(r, type, out var text, out _);
                distinct.Add(text);
                if (distinct.Count > maxAllowed) return plan;
            }
            if (distinct.Count * 2 <= present.Count) return plan with { Allowed = distinct.ToArray() };
        }
        return plan;
    }
}
