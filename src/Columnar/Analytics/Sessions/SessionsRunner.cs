using Columnar.Query;
using Columnar.Sql;

namespace Columnar.Analytics.Sessions;

/// <summary>Validates a sessions plan, runs it on the chosen engine and shapes the result.</summary>
internal static class SessionsRunner
{
    /// <summary>Histogram bucket bounds in seconds: [0,0], (0,10), [10,60), [60,300), [300,900), [900,1800), [1800,3600), [3600,∞).</summary>
    internal static readonly (string Label, double Min, double? Max)[] Buckets =
    [
        ("0 s", 0, 0), ("< 10 s", 0, 10), ("10–60 s", 10, 60), ("1–5 min", 60, 300), ("5–15 min", 300, 900),
        ("15–30 min", 900, 1800), ("30–60 min", 1800, 3600), ("≥ 1 h", 3600, null),
    ];

    public static SessionsResult Run(QueryScope scope, SessionsDefinition definition)
    {
        definition.Validate();
        return scope.Engine switch
        {
            Engine.DuckDb => SessionsSql.Run(scope, definition),
            Engine.Kernels => scope.RunKernel(s => SessionsKernels.Run(s, definition)),
            _ => throw new ColumnarException(ErrorCodes.BadOption, $"engine {scope.Engine} does not run sessions"),
        };
    }

    public static string Explain(QueryScope scope, SessionsDefinition definition)
    {
        definition.Validate();
        var (sql, _) = SessionsSql.Compile(scope, definition);
        return $"Sessions\n  timeout: {definition.Timeout} (gap > timeout starts a session)\n  {scope.Describe().Replace("\n", "\n  ")}\nSQL:\n{sql}";
    }

    internal static IReadOnlyList<SessionDurationBucket> Shape(long[] counts)
    {
        var total = counts.Sum();
        return Buckets.Select((b, i) => new SessionDurationBucket(b.Label, b.Min, b.Max, counts[i], total == 0 ? null : (double)counts[i] / total)).ToArray();
    }
}
