using Columnar.Query;

namespace Columnar.Analytics.Retention;

/// <summary>An immutable "on" retention plan. Nothing runs before <see cref="Run"/>.</summary>
public sealed class RetentionQuery
{
    internal RetentionQuery(EventQuery source, RetentionDefinition definition)
    {
        Source = source;
        Definition = definition;
    }

    /// <summary>The query the retention is computed over (filters, time zone, engine).</summary>
    public EventQuery Source { get; }

    /// <summary>The retention options.</summary>
    public RetentionDefinition Definition { get; }

    /// <summary>Sets the calendar period (local days, weeks starting Monday, or months in the query's time zone).
    /// The number of columns keeps an explicit <see cref="Periods"/> setting, otherwise it follows the period's default.</summary>
    public RetentionQuery By(CalendarPeriod period) => new(Source, Definition with { Period = period });

    /// <summary>Sets the number of columns including period 0 (1..<see cref="RetentionDefinition.MaxPeriods"/>).</summary>
    public RetentionQuery Periods(int periods) => new(Source, Definition with { Periods = periods });

    /// <summary>Sets the event whose first occurrence in scope places a user in a cohort (null: any event).</summary>
    public RetentionQuery StartWith(string? eventName) => new(Source, Definition with { StartEvent = eventName });

    /// <summary>Sets the event that counts as a return in periods k ≥ 1 (null: any event).</summary>
    public RetentionQuery ReturnWith(string? eventName) => new(Source, Definition with { ReturnEvent = eventName });

    /// <summary>Runs the plan on the query's engine.</summary>
    public RetentionResult Run() => RetentionRunner.Run(Source.Resolve(), Definition);

    /// <summary>The plan and the SQL it compiles to.</summary>
    public string Explain() => RetentionRunner.Explain(Source.Resolve(), Definition);
}
