using System.Globalization;
using Columnar.Analytics.Paths;
using Columnar.Kernels;
using Columnar.Query;
using Columnar.Storage;
using Columnar.Tests.TestKit;
using FsCheck;
using FsCheck.Fluent;

namespace Columnar.Tests.Kernels;

/// <summary>One random query of a paths case.</summary>
public sealed record PathsVariant(string Anchor, bool Next, int Top, long? TimeoutMicros, DateOnly? From, DateOnly? To, string? Without)
{
    public override string ToString() =>
        $"{(Next ? "next after" : "previous before")} {Anchor}, top {Top}, timeout {TimeoutMicros?.ToString(CultureInfo.InvariantCulture) ?? "none"} µs, from {From}, to {To}, without {Without}";
}

/// <summary>
/// A random table of many users built from a seed (0- and 1-event users, duplicate rows, ties, gaps of a year, arrival order
/// shuffled, sometimes a 1,000+ event user with runs of 100+ equal timestamps) and several queries over it.
/// </summary>
public sealed record PathsCase(int Seed)
{
    private static readonly string[] Names = ["A", "A", "B", "C", "D", "a"];
    private const long Second = 1_000_000;

    public IReadOnlyList<(string User, long Time, string Name)> Events { get; private init; } = [];
    public PathsVariant[] Variants { get; private init; } = [];

    public static PathsCase Create(int seed)
    {
        var rng = new Random(seed);
        var t0 = Columnar.Time.TimeZones.ToMicros(Journeys.T0);
        var events = new List<(string, long, string)>();
        var users = rng.Next(20, 120);
        for (var u = 0; u < users; u++)
        {
            var n = rng.Next(5) == 0 ? rng.Next(0, 2) : rng.Next(2, 20);
            var t = t0 + rng.Next(0, 3) * 86_400 * Second + rng.Next(0, 86_400) * Second;
            for (var i = 0; i < n; i++)
            {
                var e = ($"u{u:000}", t, Names[rng.Next(Names.Length)]);
                events.Add(e);
                if (rng.Next(10) == 0) events.Add(e);
                t += rng.Next(6) switch { 0 => 0, 1 => 1, 2 => 30 * 60 * Second, 3 => 30 * 60 * Second + 1, 4 => 400L * 86_400 * Second, _ => rng.Next(1, 3600) * Second };
            }
        }
        if (rng.Next(3) == 0)
        {
            var t = t0 + 86_400 * Second;
            for (var n = rng.Next(1000, 1500); n > 0;)
            {
                var run = rng.Next(4) == 0 ? rng.Next(100, 150) : rng.Next(1, 5);
                for (var i = 0; i < run && n > 0; i++, n--) events.Add(("big", t, Names[rng.Next(Names.Length)]));
                t += rng.Next(1, 4000) * Second;
            }
        }
        var day0 = DateOnly.FromDateTime(Journeys.T0);
        var variants = Enumerable.Range(0, 6).Select(_ =>
        {
            DateOnly? from = rng.Next(3) == 0 ? day0.AddDays(rng.Next(0, 3)) : null;
            DateOnly? to = rng.Next(3) == 0 ? day0.AddDays(rng.Next(0, 3)) : null;
            if (from > to) (from, to) = (to, from);
            return new PathsVariant(new[] { "A", "B", "a", "Z" }[rng.Next(4)], rng.Next(2) == 0, rng.Next(1, 6),
                rng.Next(2) == 0 ? null : 30 * 60 * Second + rng.Next(-1, 2), from, to, rng.Next(3) == 0 ? new[] { "B", "D", "a" }[rng.Next(3)] : null);
        }).ToArray();
        return new PathsCase(seed) { Events = events.OrderBy(_ => rng.Next()).ToList(), Variants = variants };
    }

    public EventTable Build()
    {
        var j = new Journeys();
        foreach (var (user, time, name) in Events) j.Add(user, DateTime.UnixEpoch.AddTicks(time * 10), name);
        return j.Build();
    }

    public override string ToString() => $"seed {Seed}, {Events.Count} events; " + string.Join("; ", Variants.Select(v => v.ToString()));
}

[Collection(ManyRangesCollection.Name)]
public class PathsKernelPropertyTests(ManyRangesTable shared)
{
    internal static void AssertSame(PathsResult expected, PathsResult actual)
    {
        Assert.Equal(expected.Edges, actual.Edges);
        Assert.Equal((expected.AnchorEvents, expected.AnchorUsers, expected.Transitions, expected.DistinctEdges),
            (actual.AnchorEvents, actual.AnchorUsers, actual.Transitions, actual.DistinctEdges));
        Assert.Equal(expected.Notes, actual.Notes);
        Assert.Equal(expected.ToString(), actual.ToString());
    }

    private static PathsQuery Query(EventTable table, Engine engine, PathsVariant v)
    {
        var e = table.Query().Using(engine).Between(v.From, v.To);
        if (v.Without is { } without) e = e.Where(EventFilter.EventIn(new[] { "A", "B", "C", "D", "a" }.Where(n => n != without).ToArray()));
        var q = e.Paths(v.Anchor).Top(v.Top);
        q = v.Next ? q.Next() : q.Previous();
        return v.TimeoutMicros is { } t ? q.WithinSessions(TimeSpan.FromTicks(t * 10)) : q;
    }

    [FsCheck.Xunit.Property(MaxTest = 30, QuietOnSuccess = true)]
    public Property KernelEqualsSqlEqualsReference() => Prop.ForAll(Gen.Choose(0, int.MaxValue).Select(PathsCase.Create).ToArbitrary(), c =>
    {
        using var table = c.Build();
        foreach (var v in c.Variants)
        {
            var sql = Query(table, Engine.DuckDb, v).Run();
            AssertSame(sql, Query(table, Engine.Kernels, v).Run());
            long? from = v.From is { } f ? Columnar.Time.TimeZones.StartOfLocalDate(f, TimeZoneInfo.Utc) : null;
            long? to = v.To is { } t ? Columnar.Time.TimeZones.StartOfLocalDate(t.AddDays(1), TimeZoneInfo.Utc) : null;
            var expected = PathsReference.Run(c.Events.Where(e => e.Name != v.Without).ToList(), v.Anchor, v.Next, v.Top, v.TimeoutMicros, from, to);
            Assert.Equal(expected.Edges, sql.Edges.Select(e => new ReferenceEdge(e.From, e.To, e.Transitions, e.Users, e.Share)));
            Assert.Equal((expected.AnchorEvents, expected.AnchorUsers, expected.Transitions, expected.DistinctEdges),
                (sql.AnchorEvents, sql.AnchorUsers, sql.Transitions, sql.DistinctEdges));
        }
    });

    [FsCheck.Xunit.Property(MaxTest = 3, QuietOnSuccess = true)]
    public Property SameResultFor1And2And7Threads() => Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed =>
    {
        using var table = FunnelKernelThreadTests.Table(seed, 200_000);
        Assert.True(UserParallel.Ranges(table.Offsets).Length >= 3);
        var rng = new Random(seed);
        foreach (var anchor in new[] { "view_item", "purchase" })
        {
            var definition = new PathsDefinition(anchor, rng.Next(2) == 0 ? PathDirection.Next : PathDirection.Previous, rng.Next(1, 6),
                rng.Next(2) == 0 ? null : TimeSpan.FromMinutes(rng.Next(1, 90)));
            var scope = table.Query().Using(Engine.Kernels).Resolve();
            var one = PathsRunner.Run(scope, definition, 1);
            Assert.True(one.Transitions > 0);
            AssertSame(one, PathsRunner.Run(scope, definition, 2));
            AssertSame(one, PathsRunner.Run(scope, definition, 7));
        }
    });

    [Fact]
    public void ManyRangesEqualSql()
    {
        var table = shared.Table;
        foreach (var q in new Func<EventQuery, PathsQuery>[]
                 {
                     e => e.Paths("view_item"), e => e.Paths("add_to_cart").Previous().WithinSessions(), e => e.Paths("purchase").Top(3).WithinSessions(TimeSpan.FromMinutes(5)),
                 })
            AssertSame(q(table.Query().Using(Engine.DuckDb)).Run(), q(table.Query().Using(Engine.Kernels)).Run());
    }
}
