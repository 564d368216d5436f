using System.Globalization;
using Columnar.Analytics;
using Columnar.Query;

namespace Columnar.Bench;

/// <summary>The compare workload: each analysis run to a full result and fingerprinted, so engines can be checked equal.</summary>
internal sealed record Workload(string Name, Func<EventQuery, string> Run)
{
    public static Workload[] All { get; } =
    [
        new("funnel 4 steps, 24 h, by device", q => Fingerprint(q.Funnel("page_view", "view_item", "add_to_cart", "purchase")
            .Within(TimeSpan.FromHours(24)).BreakdownBy("device").Run().Breakdown.SelectMany(b => b.Steps.Select(s => $"{b.Label}:{s.Users}")))),
        new("sessions 30 min", q => q.Sessions().Run() is var s ? $"{s.Sessions}/{s.Bounces}/{s.TotalDurationMicros}/{s.MedianDurationSeconds}" : ""),
        new("retention daily x 30", q => Fingerprint(q.Retention().By(CalendarPeriod.Day).Periods(30).Run().Cohorts
            .Select(c => string.Join(",", c.Cells.Select(v => v?.ToString(CultureInfo.InvariantCulture) ?? "-"))))),
        new("rfm", q => Fingerprint(q.Rfm().Run().Segments.Select(s => $"{s.Segment.Key}:{s.Users}"))),
        new("paths: top 10 after view_item", q => Fingerprint(q.Paths("view_item").Run().Edges.Select(e => $"{e.To}:{e.Transitions}:{e.Users}"))),
    ];

    private static string Fingerprint(IEnumerable<string> parts) => string.Join("|", parts);
}
