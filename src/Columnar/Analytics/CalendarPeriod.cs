namespace Columnar.Analytics;

/// <summary>A calendar period in a time zone: local days, ISO weeks starting Monday, or calendar months.</summary>
public enum CalendarPeriod
{
    /// <summary>A local calendar day.</summary>
    Day,
    /// <summary>A local calendar week starting on Monday.</summary>
    Week,
    /// <summary>A local calendar month.</summary>
    Month,
}
