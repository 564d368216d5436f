using System.Text;
using Columnar.Kernels;
using Columnar.Query;

namespace Columnar.Analytics.Paths;

/// <summary>One edge before ranking: the other event's name, its transitions and distinct users.</summary>
/// <param name="Other">The neighbour's event name.</param>
/// <param name="Transitions">Transitions between the anchor and this event.</param>
/// <param name="Users">Distinct users with such a transition.</param>
internal readonly record struct PathCount(string Other, long Transitions, long Users);

/// <summary>Every engine's raw answer: all edges (unordered) and the anchor's occurrences and users in scope.</summary>
internal sealed record PathCounts(IReadOnlyList<PathCount> Edges, long AnchorEvents, long AnchorUsers);

/// <summary>Validates a paths plan, runs it on the chosen engine and ranks the edges (the same code for every engine).</summary>
internal static class PathsRunner
{
    public static PathsResult Run(QueryScope scope, PathsDefinition definition) => Run(scope, definition, scope.Threads);

    /// <summary>Runs on the scope's engine; the kernels use up to <paramref name="threads"/> threads (the result does not depend on it).</summary>
    public static PathsResult Run(QueryScope scope, PathsDefinition definition, int threads)
    {
        definition.Validate();
        var counts = scope.Engine switch
        {
            Engine.DuckDb => PathsSql.Run(scope, definition),
            Engine.Kernels => PathsKernels.Run(scope, definition, threads),
            _ => throw new ColumnarException(ErrorCodes.BadOption, $"engine {scope.Engine} does not run paths"),
        };
        return Shape(definition, counts, Notes(scope, definition));
    }

    public static string Explain(QueryScope scope, PathsDefinition definition)
    {
        definition.Validate();
        var (sql, _) = PathsSql.Compile(scope, definition);
        var sb = new StringBuilder();
        sb.AppendLine("Paths");
        sb.AppendLine($"  anchor: {definition.Event} ({definition.Direction.ToString().ToLowerInvariant()} events)");
        sb.AppendLine($"  top: {definition.Top}");
        sb.AppendLine(definition.SessionTimeout is { } t
            ? $"  sessions: within (a gap > {t} breaks a transition)"
            : "  sessions: across");
        foreach (var note in Notes(scope, definition)) sb.AppendLine($"  note: {note}");
        sb.AppendLine($"  {scope.Describe().Replace("\n", "\n  ")}");
        sb.AppendLine("SQL:");
        sb.Append(sql);
        return sb.ToString();
    }

    private static IReadOnlyList<string> Notes(QueryScope scope, PathsDefinition definition) =>
        scope.Table.EventCode(definition.Event) < 0 ? [$"warning: the event '{definition.Event}' does not occur in the table"] : [];

    /// <summary>Ranks all edges (transitions desc, users desc, name ordinal), keeps the top N and computes shares.</summary>
    internal static PathsResult Shape(PathsDefinition definition, PathCounts counts, IReadOnlyList<string> notes)
    {
        var total = counts.Edges.Sum(e => e.Transitions);
        var next = definition.Direction == PathDirection.Next;
        var edges = counts.Edges
            .OrderByDescending(e => e.Transitions).ThenByDescending(e => e.Users).ThenBy(e => e.Other, StringComparer.Ordinal)
            .Take(definition.Top)
            .Select((e, i) => new PathEdge(i + 1, next ? definition.Event : e.Other, next ? e.Other : definition.Event,
                e.Transitions, e.Users, (double)e.Transitions / total))
            .ToArray();
        return new PathsResult(definition, counts.AnchorEvents, counts.AnchorUsers, total, counts.Edges.Count, edges, notes);
    }
}
