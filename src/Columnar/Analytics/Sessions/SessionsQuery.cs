using Columnar.Query;

namespace Columnar.Analytics.Sessions;

/// <summary>An immutable sessions plan. Nothing runs before <see cref="Run"/>.</summary>
public sealed class SessionsQuery
{
    internal SessionsQuery(EventQuery source, SessionsDefinition definition)
    {
        Source = source;
        Definition = definition;
    }

    /// <summary>The query the sessions are computed over (filters, time zone, engine).</summary>
    public EventQuery Source { get; }

    /// <summary>The sessions options.</summary>
    public SessionsDefinition Definition { get; }

    /// <summary>Sets the inactivity timeout: a gap strictly greater than it starts a new session.</summary>
    public SessionsQuery Timeout(TimeSpan timeout) => new(Source, Definition with { Timeout = timeout });

    /// <summary>Runs the plan on the query's engine.</summary>
    public SessionsResult Run() => SessionsRunner.Run(Source.Resolve(), Definition);

    /// <summary>The plan and the SQL it compiles to.</summary>
    public string Explain() => SessionsRunner.Explain(Source.Resolve(), Definition);
}
