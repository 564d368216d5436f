using Columnar.Storage;

namespace Columnar.Governance;

/// <summary>The kinds of tracking-plan violation, in the order a row's first violation is chosen.</summary>
public enum PlanViolationKind
{
    /// <summary>The event name is not in the plan.</summary>
    UnknownEvent,
    /// <summary>A required property is null or not a column of the table.</summary>
    MissingRequired,
    /// <summary>A value is not of the declared type (text that does not parse, a fraction declared int64, ...).</summary>
    WrongType,
    /// <summary>A numeric value is below <see cref="PlannedProperty.Min"/> or above <see cref="PlannedProperty.Max"/>.</summary>
    OutOfRange,
    /// <summary>A value is not in <see cref="PlannedProperty.Allowed"/>.</summary>
    NotInSet,
}

/// <summary>Violations of one kind on one property (null for unknown events) of one event.</summary>
/// <param name="Kind">The violation kind.</param>
/// <param name="Property">The property, or null for <see cref="PlanViolationKind.UnknownEvent"/>.</param>
/// <param name="Count">The number of rows with this violation.</param>
/// <param name="SampleLines">Up to three 1-based source lines (table rows when the table was not loaded from a file), ascending.</param>
public sealed record PlanViolation(PlanViolationKind Kind, string? Property, long Count, IReadOnlyList<long> SampleLines);

/// <summary>Plan validation of one event name.</summary>
/// <param name="Event">The event name.</param>
/// <param name="Rows">Rows with this event name.</param>
/// <param name="ViolatingRows">Rows with at least one violation (a row counts once however many it has).</param>
/// <param name="Violations">Violations by kind and property.</param>
public sealed record PlanEventReport(string Event, long Rows, long ViolatingRows, IReadOnlyList<PlanViolation> Violations);

/// <summary>The result of validating a table against a <see cref="TrackingPlan"/>.</summary>
public sealed class PlanValidationReport
{
    internal PlanValidationReport(IReadOnlyList<PlanEventReport> events)
    {
        Events = events;
        Rows = events.Sum(e => e.Rows);
        ViolatingRows = events.Sum(e => e.ViolatingRows);
    }

    /// <summary>One entry per event name in the table, in ordinal name order.</summary>
    public IReadOnlyList<PlanEventReport> Events { get; }

    /// <summary>Rows validated.</summary>
    public long Rows { get; }

    /// <summary>Rows with at least one violation.</summary>
    public long ViolatingRows { get; }

    /// <summary>The number of rows per violation kind over all events (a row with two kinds counts under both).</summary>
    public IReadOnlyDictionary<PlanViolationKind, long> ByKind =>
        Events.SelectMany(e => e.Violations).GroupBy(v => v.Kind).ToDictionary(g => g.Key, g => g.Sum(v => v.Count));
}

/// <summary>Validates every row of a table against a plan.</summary>
internal static class PlanValidator
{
    private sealed class Tally
    {
        public long Count;
        public readonly List<long> Samples = [];
        public void Add(long line)
        {
            Count++;
            if (Samples.Count < 3) Samples.Add(line);
        }
    }

    /// <summary>Validates; <paramref name="firstKind"/>[row] is the row's first violation kind, or -1.</summary>
    public static PlanValidationReport Validate(EventTable table, TrackingPlan plan, Func<int, long> lineOf, out sbyte[] firstKind)
    {
        var n = table.EventCount;
        var first = new sbyte[n];
        Array.Fill(first, (sbyte)-1);
        firstKind = first;
        var columns = table.Properties.ToDictionary(p => p.Name, p => new ColumnValues(p), StringComparer.Ordinal);
        var codes = table.EventCodes;
        var reports = new List<PlanEventReport>();
        var rowsByEvent = new List<int>[table.EventNames.Count];
        for (var i = 0; i < rowsByEvent.Length; i++) rowsByEvent[i] = [];
        for (var r = 0; r < n; r++) rowsByEvent[codes[r]].Add(r);

        for (var e = 0; e < rowsByEvent.Length; e++)
        {
            var rows = rowsByEvent[e];
            if (rows.Count == 0) continue;
            var name = table.EventNames[e];
            var planned = plan.Event(name);
            var tallies = new SortedDictionary<(PlanViolationKind, string), Tally>();
            long violating = 0;
            void Hit(int row, PlanViolationKind kind, string? property)
            {
                var key = (kind, property ?? "");
                if (!tallies.TryGetValue(key, out var t)) tallies[key] = t = new Tally();
                t.Add(lineOf(row));
                if (first[row] < 0 || (int)kind < first[row]) first[row] = (sbyte)kind;
            }
            foreach (var row in rows)
            {
                if (planned is null) Hit(row, PlanViolationKind.UnknownEvent, null);
                else
                {
                    foreach (var p in planned.Properties)
                    {
                        if (!columns.TryGetValue(p.Name, out var column) || column.IsNull(row))
                        {
                            if (p.Required) Hit(row, PlanViolationKind.MissingRequired, p.Name);
                            continue;
                        }
                        if (!column.TryAs(row, p.Type, out var text, out var number)) { Hit(row, PlanViolationKind.WrongType, p.Name); continue; }
                        if (number is { } v && ((p.Min is { } min && v < min) || (p.Max is { } max && v > max))) Hit(row, PlanViolationKind.OutOfRange, p.Name);
                        if (p.Allowed is { } allowed && !allowed.Contains(text, StringComparer.Ordinal)) Hit(row, PlanViolationKind.NotInSet, p.Name);
                    }
                }
                if (first[row] >= 0) violating++;
            }
            var list = tallies.Select(kv => new PlanViolation(kv.Key.Item1, kv.Key.Item2.Length == 0 ? null : kv.Key.Item2, kv.Value.Count,
                kv.Value.Samples.Order().ToArray())).ToArray();
            reports.Add(new PlanEventReport(name, rows.Count, violating, list));
        }
        return new PlanValidationReport(reports);
    }
}
