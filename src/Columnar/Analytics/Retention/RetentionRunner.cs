using Columnar.Query;

namespace Columnar.Analytics.Retention;

/// <summary>Validates a retention plan, runs it on the chosen engine and shapes the result.</summary>
internal static class RetentionRunner
{
    public static RetentionResult Run(QueryScope scope, RetentionDefinition definition)
    {
        definition.Validate();
        var result = scope.Engine switch
        {
            Engine.DuckDb => RetentionSql.Run(scope, definition),
            Engine.Kernels => scope.RunKernel(s => RetentionKernels.Run(s, definition)),
            _ => throw new ColumnarException(ErrorCodes.BadOption, $"engine {scope.Engine} does not run retention"),
        };
        var notes = Notes(scope, definition);
        return notes.Count == 0 ? result : result.WithNotes(notes);
    }

    /// <summary>A warning for a named start or return event the table does not contain (the analysis is then empty).</summary>
    internal static IReadOnlyList<string> Notes(QueryScope scope, RetentionDefinition definition)
    {
        var notes = new List<string>();
        if (definition.StartEvent is { } start && scope.Table.EventCode(start) < 0)
            notes.Add($"warning: the start event '{start}' does not occur in the table, so there are no cohorts");
        if (definition.ReturnEvent is { } back && back != definition.StartEvent && scope.Table.EventCode(back) < 0)
            notes.Add($"warning: the return event '{back}' does not occur in the table, so no one returns");
        return notes;
    }

    public static string Explain(QueryScope scope, RetentionDefinition definition)
    {
        definition.Validate();
        var (sql, _) = RetentionSql.Compile(scope, definition);
        return $"Retention (\"on\")\n" +
               $"  period: {Describe(definition.Period)} in {scope.ZoneId}\n" +
               $"  periods: {definition.ResolvedPeriods} (0..{definition.ResolvedPeriods - 1})\n" +
               $"  start event: {definition.StartEvent ?? "(any)"} (cohort = period of the first one in scope)\n" +
               $"  return event: {definition.ReturnEvent ?? "(any)"} (period k counts users who did it in period cohort + k)\n" +
               string.Concat(Notes(scope, definition).Select(n => $"  note: {n}\n")) +
               $"  {scope.Describe().Replace("\n", "\n  ")}\nSQL:\n{sql}";
    }

    internal static string Describe(CalendarPeriod period) => period switch
    {
        CalendarPeriod.Day => "local day",
        CalendarPeriod.Week => "local week starting Monday",
        _ => "local calendar month",
    };

    /// <summary>
    /// Shapes per-cohort cells into the result: fractions are cell / cohort size, and the average row weights every
    /// cohort whose cell is not empty: Σ cells / Σ sizes over those cohorts.
    /// </summary>
    internal static RetentionResult Shape(RetentionDefinition definition, string zoneId,
        IReadOnlyList<(DateOnly Start, long Size, long?[] Cells)> cohorts, DateOnly? lastPeriodStart)
    {
        var periods = definition.ResolvedPeriods;
        var shaped = cohorts.Select(c => new RetentionCohort(c.Start, c.Size, c.Cells,
            c.Cells.Select(x => x is { } v ? (double?)v / c.Size : null).ToArray())).ToArray();
        var users = new long?[periods];
        var bases = new long?[periods];
        var fractions = new double?[periods];
        for (var k = 0; k < periods; k++)
        {
            foreach (var c in cohorts)
            {
                if (c.Cells[k] is not { } v) continue;
                users[k] = (users[k] ?? 0) + v;
                bases[k] = (bases[k] ?? 0) + c.Size;
            }
            if (users[k] is { } u) fractions[k] = (double)u / bases[k]!.Value;
        }
        return new RetentionResult(definition, zoneId, shaped, new RetentionAverage(users, bases, fractions), lastPeriodStart);
    }
}
