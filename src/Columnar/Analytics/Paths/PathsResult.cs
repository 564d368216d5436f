using System.Text;
using Apache.Arrow;

namespace Columnar.Analytics.Paths;

/// <summary>One edge of a paths result: transitions from <see cref="From"/> to <see cref="To"/>.</summary>
/// <param name="Rank">The 1-based position in the top list.</param>
/// <param name="From">The earlier event's name (the anchor for next events).</param>
/// <param name="To">The later event's name (the anchor for previous events).</param>
/// <param name="Transitions">How many times the transition occurred.</param>
/// <param name="Users">Distinct users with at least one such transition.</param>
/// <param name="Share">Transitions over all transitions from (or to) the anchor, in [0,1].</param>
public sealed record PathEdge(int Rank, string From, string To, long Transitions, long Users, double Share);

/// <summary>The result of a paths analysis.</summary>
public sealed class PathsResult
{
    internal PathsResult(PathsDefinition definition, long anchorEvents, long anchorUsers, long transitions, int distinctEdges,
        IReadOnlyList<PathEdge> edges, IReadOnlyList<string> notes)
    {
        Definition = definition;
        AnchorEvents = anchorEvents;
        AnchorUsers = anchorUsers;
        Transitions = transitions;
        DistinctEdges = distinctEdges;
        Edges = edges;
        Notes = notes;
    }

    /// <summary>The options the result was computed with.</summary>
    public PathsDefinition Definition { get; }

    /// <summary>Occurrences of the anchor event in scope.</summary>
    public long AnchorEvents { get; }

    /// <summary>Distinct users with the anchor event in scope.</summary>
    public long AnchorUsers { get; }

    /// <summary>All transitions from (or to) the anchor, over every edge, not only the top ones.</summary>
    public long Transitions { get; }

    /// <summary>Anchor occurrences without a transition: the user's last (or first) row in scope, or a gap over the session timeout.</summary>
    public long PathEnds => AnchorEvents - Transitions;

    /// <summary>The number of distinct edges before the top-N cut.</summary>
    public int DistinctEdges { get; }

    /// <summary>The top edges, by transitions descending, then users descending, then the other event's name (ordinal).</summary>
    public IReadOnlyList<PathEdge> Edges { get; }

    /// <summary>Warnings, for example an anchor event absent from the table.</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>The edges as an Arrow record batch: <c>rank</c> (int32), <c>from</c>, <c>to</c> (utf8), <c>transitions</c>,
    /// <c>users</c> (int64) and <c>share</c> (double fraction).</summary>
    public RecordBatch ToArrow() => new ResultBatch()
        .Int32s("rank", Edges.Select(e => (int?)e.Rank))
        .Strings("from", Edges.Select(e => e.From))
        .Strings("to", Edges.Select(e => e.To))
        .Int64s("transitions", Edges.Select(e => (long?)e.Transitions))
        .Int64s("users", Edges.Select(e => (long?)e.Users))
        .Doubles("share", Edges.Select(e => (double?)e.Share))
        .Build();

    /// <summary>The top edges as a readable table with the totals and notes.</summary>
    public override string ToString()
    {
        var d = Definition;
        var sb = new StringBuilder();
        var which = d.Direction == PathDirection.Next ? $"after '{d.Event}'" : $"before '{d.Event}'";
        var sessions = d.SessionTimeout is { } t ? $"within sessions (a gap over {Funnels.FunnelResult.FormatWindow(t)} breaks a path)" : "across sessions";
        sb.AppendLine($"Paths: the {(d.Direction == PathDirection.Next ? "next" : "previous")} event {which}, {sessions}; top {Edges.Count} of {DistinctEdges} edges");
        var table = new TextTable("#", "from", "to", "transitions", "users", "share").Right(0, 3, 4, 5);
        foreach (var e in Edges) table.Add(e.Rank, e.From, e.To, e.Transitions, e.Users, TextTable.Percent(e.Share));
        sb.Append(table);
        sb.AppendLine($"'{d.Event}' events: {AnchorEvents:N0} ({AnchorUsers:N0} users); with a {(d.Direction == PathDirection.Next ? "next" : "previous")} event: {Transitions:N0}; path ends: {PathEnds:N0}");
        foreach (var note in Notes) sb.AppendLine($"note: {note}");
        return sb.ToString();
    }
}
