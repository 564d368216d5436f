namespace Columnar.Analytics.Funnels;

/// <summary>
/// The options of an ordered funnel. Steps are event names matched in order (a name may repeat). An attempt starts at any
/// step-1 event; later steps must not be earlier than the previous step's time and must be at most <see cref="Window"/> after
/// the attempt's step-1 event (inclusive: <c>t_k − t_1 ≤ window</c>). Events at the same instant may chain in step order
/// regardless of arrival order, and one event satisfies at most one step. A user counts at the deepest step any attempt reaches.
/// </summary>
/// <param name="Steps">The event names of the steps, in order; at least one, none empty.</param>
/// <param name="Window">The conversion window, an absolute duration measured from the attempt's step-1 event; must be positive.
/// Times are whole microseconds, so a window is effectively rounded down to a whole microsecond. Default 1 day.</param>
/// <param name="BreakdownBy">A property whose value on the step-1 event of the earliest attempt reaching the user's deepest step
/// splits the funnel into rows, or null for no breakdown. Values are compared and shown as text (int64 as digits, bool as
/// <c>true</c>/<c>false</c>, timestamps as <c>yyyy-MM-dd HH:mm:ss</c> UTC).</param>
public sealed record FunnelDefinition(IReadOnlyList<string> Steps, TimeSpan Window, string? BreakdownBy = null)
{
    /// <summary>The default conversion window: 1 day.</summary>
    public static TimeSpan DefaultWindow { get; } = TimeSpan.FromDays(1);

    /// <summary>A funnel over <paramref name="steps"/> with the default 1-day window and no breakdown.</summary>
    /// <param name="steps">The event names of the steps, in order.</param>
    public static FunnelDefinition Create(params string[] steps) => new(steps?.ToArray() ?? [], DefaultWindow);

    /// <summary>The window in whole microseconds (rounded down).</summary>
    public long WindowMicros => Window.Ticks / 10;

    internal void Validate()
    {
        if (Steps is null || Steps.Count == 0)
            throw new ColumnarException(ErrorCodes.BadOption, "a funnel needs at least one step");
        for (var i = 0; i < Steps.Count; i++)
            if (string.IsNullOrEmpty(Steps[i]))
                throw new ColumnarException(ErrorCodes.BadOption, $"funnel step {i + 1} has an empty event name");
        if (Window < TimeSpan.FromMicroseconds(1))
            throw new ColumnarException(ErrorCodes.BadOption, $"the funnel window must be at least 1 µs (times are whole microseconds), got {Window}");
        if (BreakdownBy is { Length: 0 })
            throw new ColumnarException(ErrorCodes.BadOption, "the funnel breakdown property name is empty");
    }
}
