using Columnar.Query;

namespace Columnar.Analytics.Paths;

/// <summary>An immutable paths plan. Nothing runs before <see cref="Run"/>.</summary>
public sealed class PathsQuery
{
    internal PathsQuery(EventQuery source, PathsDefinition definition)
    {
        Source = source;
        Definition = definition;
    }

    /// <summary>The query the paths are computed over (filters, time zone, engine). Events outside its date range are removed first.</summary>
    public EventQuery Source { get; }

    /// <summary>The paths options.</summary>
    public PathsDefinition Definition { get; }

    /// <summary>Reports the events immediately after the anchor (the default).</summary>
    public PathsQuery Next() => new(Source, Definition with { Direction = PathDirection.Next });

    /// <summary>Reports the events immediately before the anchor.</summary>
    public PathsQuery Previous() => new(Source, Definition with { Direction = PathDirection.Previous });

    /// <summary>Reports the <paramref name="edges"/> most frequent edges (at least 1; default 10).</summary>
    /// <param name="edges">The number of edges.</param>
    public PathsQuery Top(int edges) => new(Source, Definition with { Top = edges });

    /// <summary>Keeps transitions inside sessions: a gap strictly greater than <paramref name="timeout"/> (default 30 min) breaks them.</summary>
    /// <param name="timeout">The session timeout, positive; null for the 30-minute default.</param>
    public PathsQuery WithinSessions(TimeSpan? timeout = null) =>
        new(Source, Definition with { SessionTimeout = timeout ?? PathsDefinition.DefaultSessionTimeout });

    /// <summary>Follows transitions across session boundaries, however long the gap (the default).</summary>
    public PathsQuery AcrossSessions() => new(Source, Definition with { SessionTimeout = null });

    /// <summary>Runs the plan on the query's engine.</summary>
    /// <exception cref="ColumnarException">ANA0001 for bad options.</exception>
    public PathsResult Run() => PathsRunner.Run(Source.Resolve(), Definition);

    /// <summary>The plan and the SQL it compiles to.</summary>
    public string Explain() => PathsRunner.Explain(Source.Resolve(), Definition);
}
