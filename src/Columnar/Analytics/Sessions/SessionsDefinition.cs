namespace Columnar.Analytics.Sessions;

/// <summary>
/// The options of a sessions analysis. A user's next event starts a new session when the gap to the previous event
/// is strictly greater than <see cref="Timeout"/>. A session's duration is its last event's time minus its first's,
/// so a one-event session (a bounce) lasts 0 s and counts in the averages.
/// </summary>
/// <param name="Timeout">The inactivity timeout; must be positive. Default 30 minutes.</param>
public sealed record SessionsDefinition(TimeSpan Timeout)
{
    /// <summary>A 30-minute timeout.</summary>
    public static SessionsDefinition Default { get; } = new(TimeSpan.FromMinutes(30));

    /// <summary>The timeout in whole microseconds.</summary>
    public long TimeoutMicros => Timeout.Ticks / 10;

    internal void Validate()
    {
        if (Timeout < TimeSpan.FromMicroseconds(1))
            throw new ColumnarException(ErrorCodes.BadOption, $"the session timeout must be at least 1 µs (times are whole microseconds), got {Timeout}");
    }
}
