using System.Globalization;
using System.Text;
using Apache.Arrow;

namespace Columnar.Analytics.Retention;

/// <summary>One cohort row of a retention table.</summary>
/// <param name="Start">The first local date of the cohort's period.</param>
/// <param name="Size">Users whose first start event in scope falls in the period.</param>
/// <param name="Cells">Users per period k (index k): <c>Cells[0]</c> is <see cref="Size"/>; <c>Cells[k]</c> for k ≥ 1 counts the
/// cohort's users who did the return event in period cohort + k. Null (empty) when that period lies after the period of the
/// last event in scope.</param>
/// <param name="Fractions"><c>Cells[k] / Size</c> in [0,1], null where the cell is empty.</param>
public sealed record RetentionCohort(DateOnly Start, long Size, IReadOnlyList<long?> Cells, IReadOnlyList<double?> Fractions);

/// <summary>The weighted average row of a retention table: for each period k, over the cohorts whose cell k is not empty.</summary>
/// <param name="Cells">Σ cell k over those cohorts, or null when every cohort's cell k is empty.</param>
/// <param name="CohortUsers">Σ cohort size over those cohorts (the denominator), or null likewise.</param>
/// <param name="Fractions"><c>Cells[k] / CohortUsers[k]</c> in [0,1], or null likewise.</param>
public sealed record RetentionAverage(IReadOnlyList<long?> Cells, IReadOnlyList<long?> CohortUsers, IReadOnlyList<double?> Fractions);

/// <summary>The result of an "on" retention analysis: one row per non-empty cohort, in date order, and a weighted average row.</summary>
public sealed class RetentionResult
{
    internal RetentionResult(RetentionDefinition definition, string timeZone, IReadOnlyList<RetentionCohort> cohorts,
        RetentionAverage average, DateOnly? lastPeriodStart, IReadOnlyList<string>? notes = null)
    {
        Notes = notes ?? [];
        Definition = definition;
        TimeZone = timeZone;
        Cohorts = cohorts;
        Average = average;
        LastPeriodStart = lastPeriodStart;
    }

    /// <summary>The options the result was computed with.</summary>
    public RetentionDefinition Definition { get; }

    /// <summary>Warnings, for example a start or return event absent from the table (whose cohorts or returns are then empty).</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>The same result with <paramref name="notes"/>.</summary>
    internal RetentionResult WithNotes(IReadOnlyList<string> notes) =>
        new(Definition, TimeZone, Cohorts, Average, LastPeriodStart, notes);

    /// <summary>The IANA time zone of the local calendar periods.</summary>
    public string TimeZone { get; }

    /// <summary>The calendar period.</summary>
    public CalendarPeriod Period => Definition.Period;

    /// <summary>The number of columns including period 0.</summary>
    public int Periods => Definition.ResolvedPeriods;

    /// <summary>The cohorts with at least one user, ordered by start date. Periods without new users have no row.</summary>
    public IReadOnlyList<RetentionCohort> Cohorts { get; }

    /// <summary>The weighted average over cohorts whose cell is not empty.</summary>
    public RetentionAverage Average { get; }

    /// <summary>The first local date of the period of the last event in scope (cells after it are empty); null when there are no cohorts.</summary>
    public DateOnly? LastPeriodStart { get; }

    /// <summary>
    /// The table in long format, one row per cohort and period k: <c>cohort_start</c> (date32), <c>cohort_size</c> (int64),
    /// <c>period</c> (int32, k), <c>users</c> (int64, null when empty) and <c>fraction</c> (double, null when empty).
    /// </summary>
    public RecordBatch ToArrow()
    {
        var rows = Cohorts.SelectMany(c => Enumerable.Range(0, Periods).Select(k => (c, k))).ToArray();
        return new ResultBatch()
            .Dates("cohort_start", rows.Select(x => (DateOnly?)x.c.Start))
            .Int64s("cohort_size", rows.Select(x => (long?)x.c.Size))
            .Int32s("period", rows.Select(x => (int?)x.k))
            .Int64s("users", rows.Select(x => x.c.Cells[x.k]))
            .Doubles("fraction", rows.Select(x => x.c.Fractions[x.k]))
            .Build();
    }

    /// <summary>A readable cohort × period table with percentages; empty cells are blank.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.AppendLine($"Retention (\"on\"), by {RetentionRunner.Describe(Period)} in {TimeZone}; " +
                      $"start: {Definition.StartEvent ?? "any event"}; return: {Definition.ReturnEvent ?? "any event"}");
        sb.AppendLine("Period 0 is the cohort; period k counts its users who returned in period cohort + k. Blank: after the end of the data.");
        foreach (var note in Notes) sb.AppendLine($"note: {note}");
        var headers = new[] { "cohort", "users" }.Concat(Enumerable.Range(0, Periods).Select(k => k.ToString(CultureInfo.InvariantCulture))).ToArray();
        var table = new TextTable(headers).Right(Enumerable.Range(1, Periods + 1).ToArray());
        foreach (var c in Cohorts)
            table.Add(new object?[] { c.Start, c.Size }.Concat(c.Fractions.Select(f => (object?)TextTable.Percent(f))).ToArray());
        table.Add(new object?[] { "average", Average.CohortUsers[0] }.Concat(Average.Fractions.Select(f => (object?)TextTable.Percent(f))).ToArray());
        sb.Append(table);
        return sb.ToString();
    }
}
