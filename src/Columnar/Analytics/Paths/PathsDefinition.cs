namespace Columnar.Analytics.Paths;

/// <summary>
/// The options of a paths analysis: the immediate next (or previous) events of a user after (or before) each occurrence of an
/// anchor event, as edges with transition counts. A transition joins two consecutive rows of one user in (time, arrival)
/// order, both inside the query's date range; rows with equal timestamps keep their arrival order, so the next event of an
/// anchor is the row that arrived after it even at the same microsecond.
/// </summary>
/// <param name="Event">The anchor event name; not empty.</param>
/// <param name="Direction">Next (default) or previous events.</param>
/// <param name="Top">How many edges to report, at least 1; default 10. Ties are ordered by transitions descending, then
/// distinct users descending, then the other event's name (ordinal).</param>
/// <param name="SessionTimeout">Null (default) to follow transitions across session boundaries; otherwise a gap strictly
/// greater than this positive timeout between the two rows breaks the transition (the sessions rule).</param>
public sealed record PathsDefinition(string Event, PathDirection Direction = PathDirection.Next, int Top = PathsDefinition.DefaultTop,
    TimeSpan? SessionTimeout = null)
{
    /// <summary>The default number of edges: 10.</summary>
    public const int DefaultTop = 10;

    /// <summary>The default session timeout of <see cref="PathsQuery.WithinSessions"/>: 30 minutes.</summary>
    public static TimeSpan DefaultSessionTimeout { get; } = TimeSpan.FromMinutes(30);

    /// <summary>The session timeout in whole microseconds (rounded down), or null across sessions.</summary>
    public long? SessionTimeoutMicros => SessionTimeout is { } t ? t.Ticks / 10 : null;

    internal void Validate()
    {
        if (string.IsNullOrEmpty(Event))
            throw new ColumnarException(ErrorCodes.BadOption, "paths need an anchor event name");
        if (!Enum.IsDefined(Direction))
            throw new ColumnarException(ErrorCodes.BadOption, $"unknown path direction {(int)Direction}");
        if (Top < 1)
            throw new ColumnarException(ErrorCodes.BadOption, $"paths need at least 1 edge (top), got {Top}");
        if (SessionTimeout is { } t && t < TimeSpan.FromMicroseconds(1))
            throw new ColumnarException(ErrorCodes.BadOption, $"the paths session timeout must be at least 1 µs (times are whole microseconds), got {t}");
    }
}
