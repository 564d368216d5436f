using Columnar.Analytics;

namespace Columnar.Tests.TestKit;

/// <summary>
/// A naive "on" retention oracle: local dates from <see cref="TimeZoneInfo"/>, the range filter on local dates, and one loop per
/// cohort and period. It shares no code with the engine.
/// </summary>
public static class RetentionReference
{
    public sealed record Event(string User, DateTime Utc, string Name);

    public sealed record Cohort(DateOnly Start, long Size, long?[] Cells);

    public static IReadOnlyList<Cohort> Compute(IEnumerable<Event> events, string zoneId, CalendarPeriod period, int periods,
        string? startEvent, string? returnEvent, DateOnly? from = null, DateOnly? to = null)
    {
        var zone = zoneId == "UTC" ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var local = events
            .Select(e => (e.User, e.Name, Date: DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(e.Utc, zone))))
            .Where(e => (from is null || e.Date >= from) && (to is null || e.Date <= to))
            .Select(e => (e.User, e.Name, Start: PeriodStart(e.Date, period)))
            .ToList();
        if (local.Count == 0) return [];
        var last = local.Max(e => e.Start);

        var cohortOf = local.Where(e => startEvent is null || e.Name == startEvent)
            .GroupBy(e => e.User)
            .ToDictionary(g => g.Key, g => g.Min(e => e.Start));
        // who did the return event in which period: a set lookup instead of a scan, so real datasets stay fast
        var returned = local.Where(e => returnEvent is null || e.Name == returnEvent).Select(e => (e.User, e.Start)).ToHashSet();
        var result = new List<Cohort>();
        foreach (var cohort in cohortOf.GroupBy(kv => kv.Value).OrderBy(g => g.Key))
        {
            var members = cohort.Select(kv => kv.Key).ToHashSet();
            var cells = new long?[periods];
            cells[0] = members.Count;
            for (var k = 1; k < periods; k++)
            {
                var target = Add(cohort.Key, period, k);
                if (target > last) continue;
                cells[k] = members.Count(u => returned.Contains((u, target)));
            }
            result.Add(new Cohort(cohort.Key, members.Count, cells));
        }
        return result;
    }

    public static DateOnly PeriodStart(DateOnly date, CalendarPeriod period) => period switch
    {
        CalendarPeriod.Day => date,
        CalendarPeriod.Week => date.AddDays(-(((int)date.DayOfWeek + 6) % 7)),
        _ => new DateOnly(date.Year, date.Month, 1),
    };

    public static DateOnly Add(DateOnly start, CalendarPeriod period, int k) => period switch
    {
        CalendarPeriod.Day => start.AddDays(k),
        CalendarPeriod.Week => start.AddDays(7 * k),
        _ => start.AddMonths(k),
    };
}
