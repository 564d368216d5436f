using System.Globalization;
using System.Text;
using Columnar.Analytics.Funnels;
using Columnar.Query;
using Columnar.Storage;
using Columnar.Tests.TestKit;
using FsCheck;
using FsCheck.Fluent;

namespace Columnar.Tests.Kernels;

/// <summary>
/// One random table of many journeys, built from a seed so a failure prints a replayable case. Small users (0–14 events on
/// a coarse time grid: ties, duplicate rows, 1 µs nudges at window edges, gaps of a year, events outside the date filter)
/// are checked against the exhaustive <see cref="FunnelReference"/>; the optional big user (≥ 1,000 events with runs of
/// ≥ 100 equal timestamps) against a naive greedy matcher, since exhaustive search over it would never end.
/// </summary>
public sealed record FunnelKernelCase(int Seed)
{
    public const long Second = 1_000_000;
    public static readonly long T0 = Columnar.Time.TimeZones.ToMicros(Journeys.T0);

    public IReadOnlyList<RawEvent> Events { get; private init; } = [];
    public string[] Steps { get; private init; } = [];
    public long WindowMicros { get; private init; }
    public bool OrderColumn { get; private init; }
    public DateOnly? From { get; private init; }
    public DateOnly? To { get; private init; }
    public string? Without { get; private init; }
    public HashSet<string> BigUsers { get; private init; } = [];

    public static FunnelKernelCase Create(int seed)
    {
        var rng = new Random(seed);
        var events = new List<RawEvent>();
        var names = new[] { "A", "A", "B", "B", "C", "D" };
        var bigUsers = new HashSet<string>();
        var users = rng.Next(20, 90);
        for (var u = 0; u < users; u++)
        {
            var user = $"u{u:000}";
            var n = rng.Next(6) == 0 ? rng.Next(0, 2) : rng.Next(2, 15);
            var day = rng.Next(0, 3) * 86_400 * Second;
            for (var i = 0; i < n; i++)
            {
                var t = T0 + day + rng.Next(0, 9) * Second + (rng.Next(4) == 0 ? 1 : 0) + (rng.Next(30) == 0 ? 400L * 86_400 * Second : 0);
                var e = new RawEvent(user, t, names[rng.Next(names.Length)], Pick(rng, "x", "y", null), Pick<long?>(rng, 1, 2, null));
                events.Add(e);
                if (rng.Next(8) == 0) events.Add(e); // a duplicate row
            }
        }
        if (rng.Next(3) == 0)
        {
            const string user = "big";
            bigUsers.Add(user);
            var t = T0 + 86_400 * Second;
            var n = rng.Next(1000, 1600);
            while (n > 0)
            {
                var run = rng.Next(4) == 0 ? rng.Next(100, 160) : rng.Next(1, 6);
                for (var i = 0; i < run && n > 0; i++, n--)
                    events.Add(new RawEvent(user, t, names[rng.Next(names.Length)], Pick(rng, "x", "y", null), Pick<long?>(rng, 1, 2, 3, null)));
                t += rng.Next(5) == 0 ? rng.Next(1, 100) * 60 * Second : rng.Next(0, 3) * Second + rng.Next(2);
            }
        }
        // Arrival order is random: the builder must sort by time and keep arrival order only within an instant.
        var shuffled = events.OrderBy(_ => rng.Next()).ToList();
        var k = rng.Next(1, 6);
        var steps = Enumerable.Range(0, k).Select(_ => rng.Next(12) == 0 ? "Z" : new[] { "A", "B", "C" }[rng.Next(3)]).ToArray();
        var window = rng.Next(4) switch
        {
            0 => rng.Next(1, 6) * Second + rng.Next(-1, 2),
            1 => rng.Next(1, 120) * 60 * Second,
            2 => 3L * 86_400 * Second,
            _ => rng.Next(1, 9) * Second,
        };
        var day0 = DateOnly.FromDateTime(Journeys.T0);
        DateOnly? from = rng.Next(4) == 0 ? day0.AddDays(rng.Next(0, 2)) : null;
        DateOnly? to = rng.Next(4) == 0 ? day0.AddDays(rng.Next(1, 3)) : null;
        if (from > to) (from, to) = (to, from);
        return new FunnelKernelCase(seed)
        {
            Events = shuffled, Steps = steps, WindowMicros = window, OrderColumn = rng.Next(2) == 0, From = from, To = to, BigUsers = bigUsers,
            Without = rng.Next(3) == 0 ? new[] { "B", "D" }[rng.Next(2)] : null,
        };
    }

    private static T Pick<T>(Random rng, params T[] values) => values[rng.Next(values.Length)];

    public EventTable Build()
    {
        var j = new Journeys().Prop("p", PropertyType.String).Prop("o", PropertyType.Int64).Prop("up", PropertyType.String);
        if (OrderColumn) j.Roles(new EventRoles(Purchase: "C", Order: "o"));
        foreach (var e in Events)
            j.Add(e.User, DateTime.UnixEpoch.AddTicks(e.TimeMicros * 10), e.Name, ("p", e.Breakdown), ("o", e.Order), ("up", $"{e.User}|{e.Breakdown ?? "-"}"));
        return j.Build();
    }

    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"seed {Seed}: steps [{string.Join(",", Steps)}], window {WindowMicros} µs, order column {OrderColumn}, from {From}, to {To}, without {Without}, {Events.Count} events");
        foreach (var e in Events.Where(e => !BigUsers.Contains(e.User)).Take(200))
            sb.Append(CultureInfo.InvariantCulture, $"\n  {e.User} t0+{e.TimeMicros - T0} µs {e.Name} p={e.Breakdown ?? "null"} o={e.Order?.ToString(CultureInfo.InvariantCulture) ?? "null"}");
        return sb.ToString();
    }
}

public class FunnelKernelPropertyTests
{
    internal static void AssertSame(FunnelResult expected, FunnelResult actual)
    {
        Assert.Equal(expected.Steps, actual.Steps);
        Assert.Equal(expected.Notes, actual.Notes);
        Assert.Equal(expected.Breakdown.Select(b => b.Value), actual.Breakdown.Select(b => b.Value));
        for (var i = 0; i < expected.Breakdown.Count; i++) Assert.Equal(expected.Breakdown[i].Steps, actual.Breakdown[i].Steps);
        Assert.Equal(expected.ToString(), actual.ToString());
    }

    [FsCheck.Xunit.Property(MaxTest = 45, QuietOnSuccess = true)]
    public Property KernelEqualsSqlEqualsReference() => Prop.ForAll(Gen.Choose(0, int.MaxValue).Select(FunnelKernelCase.Create).ToArbitrary(), c =>
    {
        using var table = c.Build();
        var window = TimeSpan.FromTicks(c.WindowMicros * 10);
        EventQuery Scope(Engine engine)
        {
            var q = table.Query().Using(engine).Between(c.From, c.To);
            return c.Without is { } w ? q.Where(EventFilter.EventIn(new[] { "A", "B", "C", "D" }.Where(n => n != w).ToArray())) : q;
        }
        var sql = Scope(Engine.DuckDb).Funnel(c.Steps).Within(window);
        var kernels = Scope(Engine.Kernels).Funnel(c.Steps).Within(window);

        // One SQL run per table: the breakdown by "uid|p" (written on every event) gives each user's deepest step and the
        // attributed step-1 event's p, so the engines agree user by user, not only in sum.
        var byUser = sql.BreakdownBy("up").Run();
        AssertSame(byUser, kernels.BreakdownBy("up").Run());
        Assert.Equal(byUser.Steps, kernels.Run().Steps);

        long? from = c.From is { } f ? Columnar.Time.TimeZones.StartOfLocalDate(f, TimeZoneInfo.Utc) : null;
        long? to = c.To is { } t ? Columnar.Time.TimeZones.StartOfLocalDate(t.AddDays(1), TimeZoneInfo.Utc) : null;
        var purchase = c.OrderColumn ? "C" : null;
        var actual = byUser.Breakdown.ToDictionary(b => b.Value!.Split('|')[0], b => (Depth: b.Steps.Count(s => s.Users == 1), P: b.Value!.Split('|')[1]));
        var total = new long[c.Steps.Length];
        foreach (var user in c.Events.Where(e => e.Name != c.Without).GroupBy(e => e.User))
        {
            var (depth, value) = c.BigUsers.Contains(user.Key)
                ? GreedyReference(user.ToList(), c.Steps, c.WindowMicros, purchase, from, to)
                : Exhaustive(user.ToList(), c.Steps, c.WindowMicros, purchase, from, to);
            if (depth == 0)
            {
                Assert.False(actual.ContainsKey(user.Key), $"user {user.Key} should not enter the funnel");
                continue;
            }
            Assert.Equal((depth, value ?? "-"), actual[user.Key]);
            for (var j = 0; j < depth; j++) total[j]++;
        }
        Assert.Equal(total, byUser.Steps.Select(s => s.Users));
    });

    private static (int Depth, string? Value) Exhaustive(List<RawEvent> events, string[] steps, long window, string? purchase, long? from, long? to)
    {
        var r = FunnelReference.Run(events, steps, window, purchase, from, to);
        var depth = r.Total.Count(n => n == 1);
        return (depth, depth == 0 ? null : r.Rows.Single().Value);
    }

    /// <summary>
    /// The definition run literally, O(n²·k) per user: every step-1 event starts an attempt, and step j takes the first
    /// unused event of its name, in (time, arrival) order, not before step j−1 and within the window of step 1.
    /// </summary>
    internal static (int Depth, string? Value) GreedyReference(List<RawEvent> events, string[] steps, long window, string? purchase, long? from, long? to)
    {
        var ordered = events.Select((e, i) => (e, i)).OrderBy(x => x.e.TimeMicros).ThenBy(x => x.i).Select(x => x.e)
            .Where(e => (from is null || e.TimeMicros >= from) && (to is null || e.TimeMicros < to) && steps.Contains(e.Name)).ToList();
        if (purchase is not null)
        {
            var seen = new HashSet<long>();
            ordered = ordered.Where(e => e.Name != purchase || e.Order is null || seen.Add(e.Order.Value)).ToList();
        }
        var best = 0;
        string? value = null;
        for (var s = 0; s < ordered.Count; s++)
        {
            if (ordered[s].Name != steps[0]) continue;
            var used = new bool[ordered.Count];
            used[s] = true;
            var previous = ordered[s].TimeMicros;
            var depth = 1;
            for (var j = 1; j < steps.Length; j++)
            {
                var next = -1;
                for (var i = 0; i < ordered.Count; i++)
                {
                    var e = ordered[i];
                    if (!used[i] && e.Name == steps[j] && e.TimeMicros >= previous && e.TimeMicros - ordered[s].TimeMicros <= window) { next = i; break; }
                }
                if (next < 0) break;
                used[next] = true;
                previous = ordered[next].TimeMicros;
                depth++;
            }
            if (depth > best)
            {
                best = depth;
                value = ordered[s].Breakdown;
            }
        }
        return (best, value);
    }
}
