namespace Columnar.Tests.TestKit;

/// <summary>
/// A naive sessions oracle: the local-date filter from <see cref="TimeZoneInfo"/>, events grouped per user and sorted by time,
/// a new session where the gap is greater than the timeout, and the median of the durations by sorting. Shares no code with the engine.
/// </summary>
public static class SessionsNaive
{
    public sealed record Event(string User, long Micros);

    public sealed record Summary(long Sessions, long Users, long Events, long TotalDurationMicros, double? MedianMicros, long Bounces, long[] Histogram);

    /// <summary>Bucket upper bounds in seconds after the 0 s bucket: (0,10), [10,60), [60,300), [300,900), [900,1800), [1800,3600), [3600,∞).</summary>
    private static readonly double[] Bounds = [10, 60, 300, 900, 1800, 3600];

    public static Summary Compute(IEnumerable<Event> events, long timeoutMicros, string zoneId, DateOnly? from = null, DateOnly? to = null)
    {
        var zone = zoneId == "UTC" ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var scoped = events.Where(e =>
        {
            var date = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.UnixEpoch.AddTicks(e.Micros * 10), zone));
            return (from is null || date >= from) && (to is null || date <= to);
        }).ToList();
        var durations = new List<long>();
        long bounces = 0;
        var histogram = new long[8];
        foreach (var user in scoped.GroupBy(e => e.User))
        {
            var times = user.Select(e => e.Micros).Order().ToList();
            var start = 0;
            for (var i = 1; i <= times.Count; i++)
            {
                if (i < times.Count && times[i] - times[i - 1] <= timeoutMicros) continue;
                var d = times[i - 1] - times[start];
                durations.Add(d);
                if (i - start == 1) bounces++;
                histogram[d == 0 ? 0 : 1 + Bounds.Count(b => d / 1e6 >= b)]++;
                start = i;
            }
        }
        var sorted = durations.Order().ToList();
        double? median = sorted.Count == 0 ? null
            : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2]
            : sorted[sorted.Count / 2 - 1] + (sorted[sorted.Count / 2] - (double)sorted[sorted.Count / 2 - 1]) * 0.5;
        return new Summary(durations.Count, scoped.Select(e => e.User).Distinct().Count(), scoped.Count, durations.Sum(), median, bounces, histogram);
    }
}
