using System.Text;
using Apache.Arrow;

namespace Columnar.Analytics.Funnels;

/// <summary>One step of a funnel (or of one breakdown row).</summary>
/// <param name="Index">The 1-based step number.</param>
/// <param name="Name">The step's event name.</param>
/// <param name="Users">n_k: users whose deepest step is at least this one.</param>
/// <param name="StepConversion">n_k / n_(k−1) in [0,1]; for step 1, n_1 / n_1. Null when the denominator is 0.</param>
/// <param name="OverallConversion">n_k / n_1 in [0,1]; null when n_1 is 0.</param>
/// <param name="DroppedOff">n_(k−1) − n_k: users who reached the previous step but not this one; 0 for step 1.</param>
public sealed record FunnelStep(int Index, string Name, long Users, double? StepConversion, double? OverallConversion, long DroppedOff);

/// <summary>One row of a funnel breakdown: the users whose attributed value is <see cref="Value"/>.</summary>
/// <param name="Value">The property value as text, or null for users without a value (the <c>(none)</c> row).</param>
/// <param name="Steps">The funnel of these users, one entry per step.</param>
public sealed record FunnelBreakdownRow(string? Value, IReadOnlyList<FunnelStep> Steps)
{
    /// <summary>The label shown for the row: the value, or <c>(none)</c> for users without one.</summary>
    public string Label => Value ?? FunnelResult.NoneLabel;
}

/// <summary>The result of an ordered funnel.</summary>
public sealed class FunnelResult
{
    /// <summary>The label of the breakdown row of users without a value.</summary>
    public const string NoneLabel = "(none)";

    /// <summary>At most this many breakdown rows appear in <see cref="ToString"/>; <see cref="Breakdown"/> holds them all.</summary>
    public const int MaxPrintedRows = 50;

    internal FunnelResult(FunnelDefinition definition, IReadOnlyList<FunnelStep> steps, IReadOnlyList<FunnelBreakdownRow> breakdown, IReadOnlyList<string> notes)
    {
        Definition = definition;
        Steps = steps;
        Breakdown = breakdown;
        Notes = notes;
    }

    /// <summary>The options the result was computed with.</summary>
    public FunnelDefinition Definition { get; }

    /// <summary>The whole funnel, one entry per step.</summary>
    public IReadOnlyList<FunnelStep> Steps { get; }

    /// <summary>The breakdown rows, by users at step 1 descending then value (ordinal), with the <c>(none)</c> row last.
    /// Empty without a breakdown. For every step the rows' users sum to <see cref="Steps"/>.</summary>
    public IReadOnlyList<FunnelBreakdownRow> Breakdown { get; }

    /// <summary>Warnings (for example a step name absent from the table) and rules applied (for example one purchase per order).</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>
    /// The funnel in long format: <c>breakdown</c> (utf8; null for the whole funnel, <c>(none)</c> for users without a value),
    /// <c>step</c> (int32, 1-based), <c>step_name</c>, <c>users</c>, <c>dropped_off</c>, <c>step_conversion</c> and
    /// <c>overall_conversion</c> (double fractions, null when undefined). The whole funnel comes first, then the breakdown rows.
    /// </summary>
    public RecordBatch ToArrow()
    {
        var rows = Steps.Select(s => ((string?)null, s))
            .Concat(Breakdown.SelectMany(b => b.Steps.Select(s => ((string?)b.Label, s)))).ToArray();
        return new ResultBatch()
            .Strings("breakdown", rows.Select(r => r.Item1))
            .Int32s("step", rows.Select(r => (int?)r.s.Index))
            .Strings("step_name", rows.Select(r => r.s.Name))
            .Int64s("users", rows.Select(r => (long?)r.s.Users))
            .Int64s("dropped_off", rows.Select(r => (long?)r.s.DroppedOff))
            .Doubles("step_conversion", rows.Select(r => r.s.StepConversion))
            .Doubles("overall_conversion", rows.Select(r => r.s.OverallConversion))
            .Build();
    }

    /// <summary>The funnel and its breakdown as readable tables, followed by the notes.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.AppendLine($"Funnel {string.Join(" → ", Steps.Select(s => s.Name))} (window {FormatWindow(Definition.Window)} from the step-1 event, inclusive)");
        var table = new TextTable("step", "event", "users", "step conv.", "overall", "dropped off").Right(0, 2, 3, 4, 5);
        foreach (var s in Steps) table.Add(s.Index, s.Name, s.Users, TextTable.Percent(s.StepConversion), TextTable.Percent(s.OverallConversion), s.DroppedOff);
        sb.Append(table);
        if (Definition.BreakdownBy is { } by)
        {
            sb.AppendLine();
            sb.AppendLine($"By {by} (value on the step-1 event of the earliest attempt reaching the user's deepest step; users, step conversion)");
            var headers = new[] { by }.Concat(Steps.Select(s => $"{s.Index}. {s.Name}")).Append("overall").ToArray();
            var bt = new TextTable(headers).Right(Enumerable.Range(1, Steps.Count + 1).ToArray());
            foreach (var row in Breakdown.Take(MaxPrintedRows))
            {
                var cells = new List<object?> { row.Label };
                cells.AddRange(row.Steps.Select(s => s.Index == 1 || s.StepConversion is null
                    ? TextTable.FormatCell(s.Users)
                    : $"{TextTable.FormatCell(s.Users)} ({TextTable.Percent(s.StepConversion)})"));
                cells.Add(TextTable.Percent(row.Steps[^1].OverallConversion));
                bt.Add(cells.ToArray());
            }
            sb.Append(bt);
            if (Breakdown.Count > MaxPrintedRows) sb.AppendLine($"… {Breakdown.Count - MaxPrintedRows:N0} more rows");
        }
        foreach (var note in Notes) sb.AppendLine($"note: {note}");
        return sb.ToString();
    }

    /// <summary>A window in its largest whole unit (<c>1 d</c>, <c>30 min</c>), else as <c>d.hh:mm:ss.fffffff</c>.</summary>
    internal static string FormatWindow(TimeSpan w) => w.Ticks switch
    {
        var t when t % TimeSpan.TicksPerDay == 0 => $"{t / TimeSpan.TicksPerDay} d",
        var t when t % TimeSpan.TicksPerHour == 0 => $"{t / TimeSpan.TicksPerHour} h",
        var t when t % TimeSpan.TicksPerMinute == 0 => $"{t / TimeSpan.TicksPerMinute} min",
        var t when t % TimeSpan.TicksPerSecond == 0 => $"{t / TimeSpan.TicksPerSecond} s",
        _ => w.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
    };
}
