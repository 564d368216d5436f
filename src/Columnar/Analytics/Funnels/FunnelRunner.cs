using System.Text;
using Columnar.Kernels;
using Columnar.Query;
using Columnar.Storage;

namespace Columnar.Analytics.Funnels;

/// <summary>
/// A funnel definition with everything resolved against the table once: the window in µs, the breakdown column,
/// the purchase-per-order rule, and the notes for the result.
/// </summary>
/// <param name="Steps">The step event names, in order.</param>
/// <param name="WindowMicros">The window in whole microseconds.</param>
/// <param name="Breakdown">The breakdown column, or null.</param>
/// <param name="Purchase">The purchase event name when purchases count once per order id, otherwise null.</param>
/// <param name="Order">The order-id column when purchases count once per order id, otherwise null.</param>
/// <param name="Notes">Warnings and rules applied, for the result.</param>
internal sealed record FunnelPlan(IReadOnlyList<string> Steps, long WindowMicros, PropertyColumn? Breakdown, string? Purchase,
    PropertyColumn? Order, IReadOnlyList<string> Notes);

/// <summary>Validates a funnel plan, resolves its defaults, runs it on the chosen engine and shapes the result.</summary>
internal static class FunnelRunner
{
    public static FunnelResult Run(QueryScope scope, FunnelDefinition definition) => Run(scope, definition, scope.Threads);

    /// <summary>Runs on the scope's engine; the kernels use up to <paramref name="threads"/> threads (the result does not depend on it).</summary>
    public static FunnelResult Run(QueryScope scope, FunnelDefinition definition, int threads)
    {
        var plan = Resolve(scope.Table, definition);
        return scope.Engine switch
        {
            Engine.DuckDb => FunnelSql.Run(scope, definition, plan),
            Engine.Kernels => FunnelKernels.Run(scope, definition, plan, threads),
            _ => throw new ColumnarException(ErrorCodes.BadOption, $"engine {scope.Engine} does not run funnels"),
        };
    }

    public static string Explain(QueryScope scope, FunnelDefinition definition)
    {
        var plan = Resolve(scope.Table, definition);
        var (sql, _) = FunnelSql.Compile(scope, plan);
        var sb = new StringBuilder();
        sb.AppendLine("Funnel (ordered)");
        sb.AppendLine($"  steps: {string.Join(" → ", plan.Steps)}");
        sb.AppendLine($"  window: {FunnelResult.FormatWindow(definition.Window)} from the step-1 event, inclusive ({plan.WindowMicros} µs)");
        sb.AppendLine($"  breakdown: {plan.Breakdown?.Name ?? "(none)"}");
        foreach (var note in plan.Notes) sb.AppendLine($"  note: {note}");
        sb.AppendLine($"  {scope.Describe().Replace("\n", "\n  ")}");
        sb.AppendLine("SQL:");
        sb.Append(sql);
        return sb.ToString();
    }

    internal static FunnelPlan Resolve(EventTable table, FunnelDefinition definition)
    {
        definition.Validate();
        var notes = new List<string>();
        PropertyColumn? breakdown = null;
        if (definition.BreakdownBy is { } name)
        {
            breakdown = table.Property(name) ?? throw new ColumnarException(ErrorCodes.UnknownProperty,
                $"breakdown property '{name}' is not in the table (properties: {string.Join(", ", table.Properties.Select(p => p.Name))})",
                column: name);
        }

        for (var i = 0; i < definition.Steps.Count; i++)
        {
            var step = definition.Steps[i];
            if (table.EventCode(step) < 0 && definition.Steps.Take(i).All(s => s != step))
                notes.Add($"warning: step {i + 1} '{step}' does not occur in the table, so no user reaches it");
        }

        string? purchase = null;
        PropertyColumn? order = null;
        if (table.Roles is { Purchase: { } buy, Order: { } orderName } && definition.Steps.Contains(buy))
        {
            order = table.Property(orderName) ?? throw new ColumnarException(ErrorCodes.UnknownProperty,
                $"the order column '{orderName}' of the purchase role is not in the table", column: orderName);
            purchase = buy;
            notes.Add($"'{buy}' counts once per order: only the first row of each (user, {orderName}) is kept; rows without an order id count each");
        }

        return new FunnelPlan(definition.Steps.ToArray(), definition.WindowMicros, breakdown, purchase, order, notes);
    }

    /// <summary>Shapes per-(breakdown value, deepest step) user counts into the result.</summary>
    /// <param name="definition">The options.</param>
    /// <param name="plan">The resolved plan.</param>
    /// <param name="depths">Users by breakdown value (null = none) and deepest step (1..k).</param>
    internal static FunnelResult Shape(FunnelDefinition definition, FunnelPlan plan, IEnumerable<(string? Value, int Depth, long Users)> depths)
    {
        var k = plan.Steps.Count;
        var total = new long[k];
        var byValue = new Dictionary<string, long[]>(StringComparer.Ordinal);
        long[]? none = null;
        foreach (var (value, depth, users) in depths)
        {
            var row = value is null ? none ??= new long[k] : byValue.TryGetValue(value, out var r) ? r : byValue[value] = new long[k];
            for (var j = 0; j < depth; j++)
            {
                row[j] += users;
                total[j] += users;
            }
        }

        IReadOnlyList<FunnelBreakdownRow> rows = [];
        if (plan.Breakdown is not null)
        {
            var list = byValue.OrderByDescending(kv => kv.Value[0]).ThenBy(kv => kv.Key, StringComparer.Ordinal)
                .Select(kv => new FunnelBreakdownRow(kv.Key, Steps(plan.Steps, kv.Value))).ToList();
            if (none is not null) list.Add(new FunnelBreakdownRow(null, Steps(plan.Steps, none)));
            rows = list;
        }
        return new FunnelResult(definition, Steps(plan.Steps, total), rows, plan.Notes);
    }

    private static IReadOnlyList<FunnelStep> Steps(IReadOnlyList<string> names, long[] n) => names.Select((name, j) => new FunnelStep(
        j + 1, name, n[j],
        j == 0 ? Ratio(n[0], n[0]) : Ratio(n[j], n[j - 1]),
        Ratio(n[j], n[0]),
        j == 0 ? 0 : n[j - 1] - n[j])).ToArray();

    private static double? Ratio(long numerator, long denominator) => denominator == 0 ? null : (double)numerator / denominator;
}
