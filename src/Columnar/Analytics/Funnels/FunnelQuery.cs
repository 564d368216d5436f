using Columnar.Query;

namespace Columnar.Analytics.Funnels;

/// <summary>An immutable ordered-funnel plan. Nothing runs before <see cref="Run"/>.</summary>
public sealed class FunnelQuery
{
    internal FunnelQuery(EventQuery source, FunnelDefinition definition)
    {
        Source = source;
        Definition = definition;
    }

    /// <summary>The query the funnel is computed over (filters, time zone, engine). Events outside its date range are removed before matching.</summary>
    public EventQuery Source { get; }

    /// <summary>The funnel options.</summary>
    public FunnelDefinition Definition { get; }

    /// <summary>Sets the conversion window, measured from the attempt's step-1 event and inclusive (<c>t_k − t_1 ≤ window</c>).</summary>
    /// <param name="window">A positive absolute duration.</param>
    public FunnelQuery Within(TimeSpan window) => new(Source, Definition with { Window = window });

    /// <summary>Splits the funnel by a property's value on the step-1 event of the earliest attempt that reaches the user's
    /// deepest step. Users without a value go to the <c>(none)</c> row, so the rows sum to the whole funnel.</summary>
    /// <param name="property">The property column name.</param>
    public FunnelQuery BreakdownBy(string property) => new(Source, Definition with { BreakdownBy = property });

    /// <summary>Runs the plan on the query's engine.</summary>
    /// <exception cref="ColumnarException">ANA0001 for bad options, ANA0002 for an unknown breakdown property.</exception>
    public FunnelResult Run() => FunnelRunner.Run(Source.Resolve(), Definition);

    /// <summary>The plan and the SQL it compiles to.</summary>
    public string Explain() => FunnelRunner.Explain(Source.Resolve(), Definition);
}
