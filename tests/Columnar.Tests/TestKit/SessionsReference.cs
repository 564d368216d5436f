namespace Columnar.Tests.TestKit;

/// <summary>
/// A naive sessions oracle straight from DESIGN §4: each user's events sorted by (time, arrival), a new session whenever the gap
/// to the previous event is strictly greater than the timeout, duration = last − first. It shares no code with the engine.
/// </summary>
public static class SessionsReference
{
    /// <param name="User">The user id.</param>
    /// <param name="Micros">Microseconds since the epoch, UTC.</param>
    /// <param name="Arrival">The arrival order (for example the file line), which breaks ties in time.</param>
    public sealed record Event(string User, long Micros, long Arrival);

    /// <summary>The reference answer.</summary>
    /// <param name="Histogram">Sessions per duration bucket: exactly 0 s, (0, 10 s), [10 s, 1 min), [1, 5 min), [5, 15 min),
    /// [15, 30 min), [30, 60 min), ≥ 1 h.</param>
    public sealed record Result(long Sessions, long Users, long Events, long TotalDurationMicros, double? MedianDurationMicros,
        long Bounces, long[] Histogram);

    private const long Second = 1_000_000;

    /// <summary>Upper bounds (exclusive) of the histogram buckets after the first, in µs; the last bucket is open.</summary>
    private static readonly long[] UpperBounds = [10 * Second, 60 * Second, 300 * Second, 900 * Second, 1800 * Second, 3600 * Second];

    public static Result Compute(IEnumerable<Event> events, long timeoutMicros)
    {
        var durations = new List<long>();
        long bounces = 0, users = 0, count = 0;
        foreach (var user in events.GroupBy(e => e.User))
        {
            users++;
            var sorted = user.OrderBy(e => e.Micros).ThenBy(e => e.Arrival).ToList();
            count += sorted.Count;
            var first = 0;
            for (var i = 1; i <= sorted.Count; i++)
            {
                if (i < sorted.Count && sorted[i].Micros - sorted[i - 1].Micros <= timeoutMicros) continue;
                durations.Add(sorted[i - 1].Micros - sorted[first].Micros);
                if (i - first == 1) bounces++;
                first = i;
            }
        }

        var histogram = new long[UpperBounds.Length + 2];
        foreach (var d in durations)
        {
            if (d == 0) { histogram[0]++; continue; }
            var bucket = 1;
            while (bucket - 1 < UpperBounds.Length && d >= UpperBounds[bucket - 1]) bucket++;
            histogram[bucket]++;
        }

        durations.Sort();
        var n = durations.Count;
        double? median = n == 0 ? null
            : n % 2 == 1 ? durations[n / 2]
            : (durations[n / 2 - 1] + (double)durations[n / 2]) / 2;
        return new Result(n, users, count, durations.Sum(), median, bounces, histogram);
    }
}
