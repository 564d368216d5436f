using Apache.Arrow;
using Columnar.Analytics.Paths;
using Columnar.Query;
using Columnar.Storage;
using Columnar.Tests.TestKit;

namespace Columnar.Tests.Analytics;

/// <summary>Hand-computed paths; every case runs on both engines.</summary>
public class PathsTests
{
    private static EventQuery On(EventTable table, Engine engine) => table.Query().Using(engine);

    private static (string, string, long, long)[] Edges(PathsResult r) => r.Edges.Select(e => (e.From, e.To, e.Transitions, e.Users)).ToArray();

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void NextEventsCountTransitionsUsersAndShares(Engine engine)
    {
        using var table = new Journeys()
            .At("u1", 0, "A").At("u1", 1, "B").At("u1", 2, "A").At("u1", 3, "C")
            .At("u2", 0, "A").At("u2", 9, "B")
            .At("u3", 0, "B").At("u3", 1, "A") // the last row: a path end
            .Build();
        var r = On(table, engine).Paths("A").Run();
        Assert.Equal([("A", "B", 2L, 2L), ("A", "C", 1L, 1L)], Edges(r));
        Assert.Equal([2.0 / 3, 1.0 / 3], r.Edges.Select(e => e.Share));
        Assert.Equal([1, 2], r.Edges.Select(e => e.Rank));
        Assert.Equal(4, r.AnchorEvents);
        Assert.Equal(3, r.AnchorUsers);
        Assert.Equal(3, r.Transitions);
        Assert.Equal(1, r.PathEnds);
        Assert.Equal(2, r.DistinctEdges);
        Assert.Empty(r.Notes);
    }

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void PreviousEventsEndAtTheAnchor(Engine engine)
    {
        using var table = new Journeys()
            .At("u1", 0, "A").At("u1", 1, "B").At("u1", 2, "A").At("u1", 3, "C")
            .At("u2", 0, "A").At("u2", 9, "B")
            .At("u3", 0, "B").At("u3", 1, "A").At("u3", 2, "A")
            .Build();
        var r = On(table, engine).Paths("A").Previous().Run();
        // u1: B→A (A@0 has none); u2: none; u3: B→A, A→A.
        Assert.Equal([("B", "A", 2L, 2L), ("A", "A", 1L, 1L)], Edges(r));
        Assert.Equal(5, r.AnchorEvents);
        Assert.Equal(3, r.Transitions);
        Assert.Equal(2, r.PathEnds);
    }

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void EqualTimestampsKeepArrivalOrder(Engine engine)
    {
        var t = Journeys.T0;
        using var table = new Journeys()
            .Add("u1", t, "B").Add("u1", t, "A")                          // B arrived first: A is last, so no next
            .Add("u2", t, "A").Add("u2", t, "C").Add("u2", t, "B")       // A → C
            .Build();
        var next = On(table, engine).Paths("A").Run();
        Assert.Equal([("A", "C", 1L, 1L)], Edges(next));
        Assert.Equal(1, next.PathEnds);
        var previous = On(table, engine).Paths("A").Previous().Run();
        Assert.Equal([("B", "A", 1L, 1L)], Edges(previous));
    }

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void WithinSessionsAGapOverTheTimeoutBreaksTheTransition(Engine engine)
    {
        var t = Journeys.T0;
        using var table = new Journeys()
            .Add("u1", t, "A").Add("u1", t.AddMinutes(30), "B")                   // exactly the timeout: kept
            .Add("u2", t, "A").Add("u2", t.AddMinutes(30).AddTicks(10), "C")      // 1 µs more: broken
            .Add("u3", t, "X").Add("u3", t.AddHours(5), "A")                      // previous across a 5 h gap
            .Build();
        var q = On(table, engine).Paths("A");
        Assert.Equal([("A", "B", 1L, 1L), ("A", "C", 1L, 1L)], Edges(q.Run()));
        var within = q.WithinSessions().Run();
        Assert.Equal([("A", "B", 1L, 1L)], Edges(within));
        Assert.Equal(2, within.PathEnds);
        Assert.Equal(TimeSpan.FromMinutes(30), within.Definition.SessionTimeout);
        Assert.Equal([("A", "B", 1L, 1L), ("A", "C", 1L, 1L)], Edges(q.WithinSessions(TimeSpan.FromHours(1)).Run()));
        Assert.Equal([("X", "A", 1L, 1L)], Edges(q.Previous().Run()));
        Assert.Empty(q.Previous().WithinSessions(TimeSpan.FromHours(4)).Run().Edges);
        Assert.Single(q.Previous().WithinSessions(TimeSpan.FromHours(4)).AcrossSessions().Run().Edges);
    }

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void TiesOrderByTransitionsThenUsersThenNameAndTopCutsAfterRanking(Engine engine)
    {
        using var table = new Journeys()
            .At("u1", 0, "A").At("u1", 1, "X").At("u1", 2, "A").At("u1", 3, "X") // X: 2 transitions, 1 user
            .At("u2", 0, "A").At("u2", 1, "b").At("u3", 0, "A").At("u3", 1, "b") // b: 2 transitions, 2 users
            .At("u4", 0, "A").At("u4", 1, "Z").At("u5", 0, "A").At("u5", 1, "Z") // Z: 2 transitions, 2 users ("Z" < "b" ordinally)
            .At("u6", 0, "A").At("u6", 1, "W").At("u6", 2, "A").At("u6", 3, "W").At("u6", 4, "A").At("u6", 5, "W") // W: 3, 1
            .Build();
        var all = On(table, engine).Paths("A").Run();
        Assert.Equal(["W", "Z", "b", "X"], all.Edges.Select(e => e.To));
        var top2 = On(table, engine).Paths("A").Top(2).Run();
        Assert.Equal(["W", "Z"], top2.Edges.Select(e => e.To));
        Assert.Equal(4, top2.DistinctEdges);
        Assert.Equal(9, top2.Transitions);
        Assert.Equal(3.0 / 9, top2.Edges[0].Share);
    }

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void DefaultTopIsTenAndSelfLoopsCount(Engine engine)
    {
        var j = new Journeys();
        for (var i = 0; i < 12; i++) j.At($"u{i}", 0, "A").At($"u{i}", 1, $"e{i:00}");
        j.At("v", 0, "A").At("v", 1, "A").At("v", 2, "A");
        using var table = j.Build();
        var r = On(table, engine).Paths("A").Run();
        Assert.Equal(10, r.Edges.Count);
        Assert.Equal(13, r.DistinctEdges);
        Assert.Equal(("A", "A", 2L, 1L), Edges(r)[0]);
        Assert.Equal("e00", r.Edges[1].To);
        Assert.Equal(14, r.Transitions);
    }

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void DateFilterRemovesRowsBeforePairing(Engine engine)
    {
        var d = new DateTime(2024, 3, 1, 23, 0, 0, DateTimeKind.Utc);
        using var table = new Journeys()
            .Add("u1", d, "A").Add("u1", d.AddHours(2), "B")                  // A on Mar 1, B on Mar 2
            .Add("u2", d.AddHours(-2), "C").Add("u2", d.AddHours(3), "A")     // C on Mar 1, A on Mar 2
            .Build();
        var mar1 = new DateOnly(2024, 3, 1);
        var mar2 = new DateOnly(2024, 3, 2);
        var q = On(table, engine);
        Assert.Equal([("A", "B", 1L, 1L)], Edges(q.Paths("A").Run()));
        var onMar1 = q.Between(mar1, mar1).Paths("A").Run();
        Assert.Empty(onMar1.Edges);
        Assert.Equal(1, onMar1.AnchorEvents);
        Assert.Empty(q.Between(mar2, mar2).Paths("A").Previous().Run().Edges);
        Assert.Equal([("C", "A", 1L, 1L)], Edges(q.Paths("A").Previous().Run()));
        // In Asia/Shanghai (UTC+8) every event is on Mar 2 local, so nothing is cut.
        Assert.Equal([("A", "B", 1L, 1L)], Edges(q.InTimeZone("Asia/Shanghai").Between(mar2, mar2).Paths("A").Run()));
    }

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void RowFiltersRemoveRowsBeforePairingAndUserSetsKeepTheirUsers(Engine engine)
    {
        using var table = new Journeys()
            .At("u1", 0, "A").At("u1", 1, "X").At("u1", 2, "B").At("u1", 3, "A").At("u1", 4, "Y")
            .At("u2", 0, "Y").At("u2", 1, "A").At("u2", 2, "X")
            .Build();
        var q = On(table, engine);
        // Without X the next row after u1's first A is B, and u2's A has no next row left.
        var filtered = q.Where(EventFilter.EventIn("A", "B", "Y")).Paths("A").WithinSessions(TimeSpan.FromSeconds(1.5)).Run();
        Assert.Equal([("A", "Y", 1L, 1L)], Edges(filtered)); // u1's A→B spans 2 s after X is removed
        Assert.Equal([("A", "B", 1L, 1L), ("A", "Y", 1L, 1L)], Edges(q.Where(EventFilter.EventIn("A", "B", "Y")).Paths("A").Run()));
        // Previous: u1's second A follows B once X is gone, u2's A follows Y; the tie goes to "B" by name.
        Assert.Equal([("B", "A", 1L, 1L)], Edges(q.Where(EventFilter.EventIn("A", "B", "Y")).Paths("A").Previous().Top(1).Run()));
        var onlyU2 = q.For(Columnar.Profiles.UserSet.FromUserIds(table, ["u2"])).Paths("A").Run();
        Assert.Equal([("A", "X", 1L, 1L)], Edges(onlyU2));
        Assert.Equal(1, onlyU2.AnchorUsers);
    }

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void AnAbsentAnchorGivesNoEdgesAndAWarning(Engine engine)
    {
        using var table = new Journeys().At("u", 0, "A").At("u", 1, "B").Build();
        var r = On(table, engine).Paths("nope").Run();
        Assert.Empty(r.Edges);
        Assert.Equal(0, r.AnchorEvents);
        Assert.Equal(0, r.Transitions);
        Assert.Single(r.Notes, n => n.StartsWith("warning", StringComparison.Ordinal) && n.Contains("'nope'", StringComparison.Ordinal));
    }

    [Fact]
    public void BadOptionsCarryCodes()
    {
        using var table = new Journeys().At("u", 0, "A").Build();
        Assert.Equal(ErrorCodes.BadOption, Assert.Throws<ColumnarException>(() => table.Paths("").Run()).Code);
        Assert.Equal(ErrorCodes.BadOption, Assert.Throws<ColumnarException>(() => table.Paths("A").Top(0).Run()).Code);
        Assert.Equal(ErrorCodes.BadOption, Assert.Throws<ColumnarException>(() => table.Paths("A").WithinSessions(TimeSpan.Zero).Run()).Code);
        Assert.Equal(ErrorCodes.BadOption, Assert.Throws<ColumnarException>(() => table.Paths("A").WithinSessions(TimeSpan.FromMinutes(-1)).Explain()).Code);
    }

    [Fact]
    public void NamesAreBoundNotSpliced()
    {
        const string evil = "x'); DROP TABLE events; --";
        using var table = new Journeys().At("u", 0, evil).At("u", 1, "B").Build();
        var q = table.Query().Using(Engine.DuckDb).Paths(evil);
        Assert.Equal([(evil, "B", 1L, 1L)], Edges(q.Run()));
        Assert.DoesNotContain("DROP TABLE", q.Explain().Split("SQL:")[1], StringComparison.Ordinal);
    }

    [Fact]
    public void ToArrowAndToString()
    {
        using var table = new Journeys().At("u1", 0, "A").At("u1", 1, "B").At("u2", 0, "A").At("u2", 1, "C").At("u3", 0, "A").At("u3", 1, "B").Build();
        var r = table.Query().Using(Engine.Kernels).Paths("A").Run();
        var batch = r.ToArrow();
        Assert.Equal(["rank", "from", "to", "transitions", "users", "share"], batch.Schema.FieldsList.Select(f => f.Name));
        Assert.Equal(2, batch.Length);
        Assert.Equal("B", ((StringArray)batch.Column("to")).GetString(0));
        Assert.Equal([2L, 1], ((Int64Array)batch.Column("transitions")).Values.ToArray());
        var text = r.ToString();
        Assert.Contains("the next event after 'A', across sessions; top 2 of 2 edges", text, StringComparison.Ordinal);
        Assert.Contains("66.7%", text, StringComparison.Ordinal);
        Assert.Contains("'A' events: 3 (3 users); with a next event: 3; path ends: 0", text, StringComparison.Ordinal);
        Assert.Contains("engine: Kernels", table.Query().Using(Engine.Kernels).Paths("A").Explain(), StringComparison.Ordinal);
    }
}
