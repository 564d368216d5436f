namespace Columnar.Analytics.Retention;

/// <summary>
/// The options of an "on" retention analysis. The cohort of a user is the calendar period of the user's first
/// <see cref="StartEvent"/> in scope. Period 0 is the cohort itself; period k ≥ 1 counts the users of the cohort who did
/// <see cref="ReturnEvent"/> in period cohort + k. Periods are local calendar periods in the query's time zone.
/// </summary>
/// <param name="Period">The calendar period: local day, week starting Monday, or month.</param>
/// <param name="Periods">The number of columns including period 0, or null for the default of the period
/// (14 days, 8 weeks or 12 months); see <see cref="ResolvedPeriods"/>.</param>
/// <param name="StartEvent">The event that places a user in a cohort, or null for any event.</param>
/// <param name="ReturnEvent">The event that counts as a return, or null for any event.</param>
public sealed record RetentionDefinition(CalendarPeriod Period, int? Periods, string? StartEvent, string? ReturnEvent)
{
    /// <summary>The most columns a retention table may have.</summary>
    public const int MaxPeriods = 1000;

    /// <summary>Daily retention over 14 columns (periods 0..13); any event starts and any event returns.</summary>
    public static RetentionDefinition Default { get; } = new(CalendarPeriod.Day, null, null, null);

    /// <summary>The number of columns including period 0: <see cref="Periods"/> when set, otherwise <see cref="DefaultPeriods"/>.</summary>
    public int ResolvedPeriods => Periods ?? DefaultPeriods(Period);

    /// <summary>The default number of columns for a period: 14 for days, 8 for weeks, 12 for months.</summary>
    public static int DefaultPeriods(CalendarPeriod period) => period switch
    {
        CalendarPeriod.Day => 14,
        CalendarPeriod.Week => 8,
        CalendarPeriod.Month => 12,
        _ => throw new ColumnarException(ErrorCodes.BadOption, $"unknown calendar period {period}"),
    };

    internal void Validate()
    {
        if (!Enum.IsDefined(Period))
            throw new ColumnarException(ErrorCodes.BadOption, $"unknown calendar period {Period}");
        if (ResolvedPeriods is < 1 or > MaxPeriods)
            throw new ColumnarException(ErrorCodes.BadOption, $"retention periods must be between 1 and {MaxPeriods} (period 0 included), got {ResolvedPeriods}");
        if (StartEvent is { Length: 0 })
            throw new ColumnarException(ErrorCodes.BadOption, "the retention start event is empty; use null for any event");
        if (ReturnEvent is { Length: 0 })
            throw new ColumnarException(ErrorCodes.BadOption, "the retention return event is empty; use null for any event");
    }
}
