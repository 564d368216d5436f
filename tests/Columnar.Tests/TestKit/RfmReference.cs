namespace Columnar.Tests.TestKit;

/// <summary>
/// A naive RFM oracle straight from DESIGN §4: local dates from <see cref="TimeZoneInfo"/>, ranks by counting strictly better
/// purchasers, scores 1 + floor(5·(r − 1)/n) and segments by exact n·x against Σx. It shares no code with the engine.
/// </summary>
public static class RfmReference
{
    public sealed record Event(string User, DateTime Utc, string Name, decimal? Amount = null, string? Order = null);

    public sealed record Row(string User, long R, long F, decimal M, int RScore, int FScore, int MScore, string Segment);

    public static (DateOnly? Reference, List<Row> Rows) Compute(IEnumerable<Event> events, string zoneId, string purchase,
        bool useAmount, bool useOrder, DateOnly? asOf = null, DateOnly? from = null, DateOnly? to = null)
    {
        var zone = zoneId == "UTC" ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var scoped = events
            .Select(e => (Event: e, Date: DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(e.Utc, zone))))
            .Where(e => (from is null || e.Date >= from) && (to is null || e.Date <= to))
            .ToList();
        DateOnly? reference = asOf ?? (scoped.Count == 0 ? null : scoped.Max(e => e.Date).AddDays(1));
        if (reference is null) return (null, []);
        var perUser = scoped.Where(e => e.Event.Name == purchase && e.Date < reference)
            .GroupBy(e => e.Event.User)
            .Select(g =>
            {
                long r = reference.Value.DayNumber - g.Max(e => e.Date).DayNumber;
                long f = useOrder
                    ? g.Where(e => e.Event.Order is not null).Select(e => e.Event.Order).Distinct().Count() + g.Count(e => e.Event.Order is null)
                    : g.Count();
                var m = useAmount ? g.Sum(e => e.Event.Amount ?? 0m) : f;
                return (User: g.Key, R: r, F: f, M: m);
            })
            .ToList();
        long n = perUser.Count;
        long sumR = perUser.Sum(u => u.R), sumF = perUser.Sum(u => u.F);
        var sumM = perUser.Sum(u => u.M);
        // rank = 1 + the number of strictly better purchasers, counted by binary search in sorted copies (real datasets have 10^4+ purchasers)
        var sortedR = perUser.Select(u => u.R).Order().ToArray();
        var sortedF = perUser.Select(u => u.F).Order().ToArray();
        var sortedM = perUser.Select(u => u.M).Order().ToArray();
        var rows = perUser.Select(u =>
            {
                var rRank = 1 + (n - CountAtMost(sortedR, u.R)); // recent is better: rank by R descending
                var fRank = 1 + CountBelow(sortedF, u.F);
                var mRank = 1 + CountBelow(sortedM, u.M);
                var recent = n * u.R < sumR;
                var highF = n * u.F > sumF;
                var highM = n * u.M > sumM;
                var segment = (recent, highF, highM) switch
                {
                    (true, true, true) => "important_value",
                    (true, false, true) => "important_development",
                    (false, true, true) => "important_retention",
                    (false, false, true) => "important_winback",
                    (true, true, false) => "general_value",
                    (true, false, false) => "general_development",
                    (false, true, false) => "general_retention",
                    (false, false, false) => "general_winback",
                };
                return new Row(u.User, u.R, u.F, u.M, Score(rRank, n), Score(fRank, n), Score(mRank, n), segment);
            })
            .OrderBy(r => r.User, StringComparer.Ordinal)
            .ToList();
        return (reference, rows);
    }

    private static int Score(long rank, long n) => (int)(1 + 5 * (rank - 1) / n);

    /// <summary>How many values of the ascending array are strictly below <paramref name="x"/>.</summary>
    private static long CountBelow<T>(T[] sorted, T x) where T : IComparable<T>
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (sorted[mid].CompareTo(x) < 0) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /// <summary>How many values of the ascending array are at most <paramref name="x"/>.</summary>
    private static long CountAtMost<T>(T[] sorted, T x) where T : IComparable<T>
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (sorted[mid].CompareTo(x) <= 0) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
