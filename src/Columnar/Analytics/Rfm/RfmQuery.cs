using Columnar.Query;

namespace Columnar.Analytics.Rfm;

/// <summary>An immutable RFM plan. Nothing runs before <see cref="Run"/>.</summary>
public sealed class RfmQuery
{
    internal RfmQuery(EventQuery source, RfmDefinition definition)
    {
        Source = source;
        Definition = definition;
    }

    /// <summary>The query RFM is computed over (filters, time zone, engine).</summary>
    public EventQuery Source { get; }

    /// <summary>The RFM options.</summary>
    public RfmDefinition Definition { get; }

    /// <summary>Sets the purchase event.</summary>
    public RfmQuery Purchases(string eventName) => new(Source, Definition with { PurchaseEvent = eventName });

    /// <summary>Sets the Decimal or Int64 amount column summed into M, or null so that M = F.</summary>
    public RfmQuery Amount(string? column) => new(Source, Definition with { AmountColumn = column });

    /// <summary>Sets the order-id column so F counts distinct orders, or null so F counts purchase rows.</summary>
    public RfmQuery Order(string? column) => new(Source, Definition with { OrderColumn = column });

    /// <summary>Sets the local reference date: R counts days up to it, and only purchases on earlier local dates count.</summary>
    public RfmQuery AsOf(DateOnly referenceDate) => new(Source, Definition with { ReferenceDate = referenceDate });

    /// <summary>Runs the plan on the query's engine.</summary>
    public RfmResult Run() => RfmRunner.Run(Source.Resolve(), Definition);

    /// <summary>The plan and the SQL it compiles to.</summary>
    public string Explain() => RfmRunner.Explain(Source.Resolve(), Definition);
}
