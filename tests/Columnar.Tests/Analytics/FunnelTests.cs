using Apache.Arrow;
using Columnar.Analytics.Funnels;
using Columnar.Query;
using Columnar.Storage;
using Columnar.Tests.TestKit;

namespace Columnar.Tests.Analytics;

/// <summary>Hand-computed funnels; every case runs on both engines.</summary>
public class FunnelTests
{
    private static EventQuery On(EventTable table, Engine engine) => table.Query().Using(engine);

    private static long[] Users(FunnelResult r) => r.Steps.Select(s => s.Users).ToArray();

    private static long[] Users(FunnelResult r, string? value) => r.Breakdown.Single(b => b.Value == value).Steps.Select(s => s.Users).ToArray();

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void EqualTimestampsChainInStepOrderIgnoringArrival(Engine engine)
    {
        using var table = new Journeys()
            // u1: A@0, then at 5 s the events A (arrives first) and B: A@0 → B@5 → A@5, depth 3.
            .At("u1", 0, "A").At("u1", 5, "A").At("u1", 5, "B")
            // u2: step 3 needs an A not before B@5; A@4 is earlier, so depth 2 from either start.
            .At("u2", 0, "A").At("u2", 5, "B").At("u2", 4, "A")
            .Build();
        var r = On(table, engine).Funnel("A", "B", "A").Run();
        Assert.Equal([2L, 2, 1], Users(r));
        Assert.Equal([1.0, 1.0, 0.5], r.Steps.Select(s => s.StepConversion!.Value));
        Assert.Equal([1.0, 1.0, 0.5], r.Steps.Select(s => s.OverallConversion!.Value));
        Assert.Equal([0L, 0, 1], r.Steps.Select(s => s.DroppedOff));
    }

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void LaterStepArrivingFirstAtTheSameMicrosecondStillChains(Engine engine)
    {
        var t = Journeys.T0;
        using var table = new Journeys()
            .Add("u1", t, "B").Add("u1", t, "A") // B arrives before A at the same instant
            .Build();
        Assert.Equal([1L, 1], Users(On(table, engine).Funnel("A", "B").Run()));
    }

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void WindowBoundaryIsInclusiveAndOneMicrosecondMoreMisses(Engine engine)
    {
        var t = Journeys.T0;
        using var table = new Journeys()
            .Add("u1", t, "A").Add("u1", t.AddMinutes(10), "B")
            .Add("u2", t, "A").Add("u2", t.AddMinutes(10).AddTicks(10), "B")
            .Build();
        var r = On(table, engine).Funnel("A", "B").Within(TimeSpan.FromMinutes(10)).Run();
        Assert.Equal([2L, 1], Users(r));
        Assert.Equal(0.5, r.Steps[1].StepConversion);
        Assert.Equal(1, r.Steps[1].DroppedOff);
    }

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void WindowIsMeasuredFromStepOneNotFromThePreviousStep(Engine engine)
    {
        var t = Journeys.T0;
        using var table = new Journeys()
            .Add("u", t, "A").Add("u", t.AddMinutes(5), "B").Add("u", t.AddMinutes(10).AddTicks(10), "C")
            .Build();
        Assert.Equal([1L, 1, 0], Users(On(table, engine).Funnel("A", "B", "C").Within(TimeSpan.FromMinutes(10)).Run()));
        Assert.Equal([1L, 1, 1], Users(On(table, engine).Funnel("A", "B", "C").Within(TimeSpan.FromMinutes(10).Add(TimeSpan.FromTicks(10))).Run()));
    }

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void ALaterAttemptCanGoDeeperThanTheFirst(Engine engine)
    {
        var t = Journeys.T0;
        using var table = new Journeys()
            // u1: the attempt from A@0 misses C (80 min > 1 h); the one from A@30min reaches C after 50 min.
            .Add("u1", t, "A").Add("u1", t.AddMinutes(30), "A").Add("u1", t.AddMinutes(40), "B").Add("u1", t.AddMinutes(80), "C")
            // u2: the first attempt stops at B; a second, hours later, completes.
            .Add("u2", t, "A").Add("u2", t.AddMinutes(10), "B")
            .Add("u2", t.AddHours(2), "A").Add("u2", t.AddHours(2).AddMinutes(10), "B").Add("u2", t.AddHours(2).AddMinutes(20), "C")
            // u3: only the first attempt, stopping at B.
            .Add("u3", t, "A").Add("u3", t.AddMinutes(10), "B").Add("u3", t.AddHours(3), "C")
            .Build();
        Assert.Equal([3L, 3, 2], Users(On(table, engine).Funnel("A", "B", "C").Within(TimeSpan.FromHours(1)).Run()));
    }

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void OneEventSatisfiesAtMostOneStep(Engine engine)
    {
        using var table = new Journeys()
            .At("u1", 0, "A")                    // A,A: one A is depth 1
            .At("u2", 3, "A").At("u2", 3, "A")   // two A at one instant: depth 2
            .Build();
        Assert.Equal([2L, 1], Users(On(table, engine).Funnel("A", "A").Run()));

        using var same = new Journeys().At("u", 0, "A").At("u", 0, "B").Build();
        // A,B,A with A and B at one instant: the A cannot also be step 3.
        Assert.Equal([1L, 1, 0], Users(On(same, engine).Funnel("A", "B", "A").Run()));
    }

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void RepeatedStepsCountSameDatePurchasesAsDistinctWithoutAnOrderColumn(Engine engine)
    {
        using var table = new Journeys()
            .At("u1", 60, "buy").At("u1", 60, "buy").At("u1", 60, "buy")
            .At("u2", 60, "buy").At("u2", 3600, "buy")
            .At("u3", 10, "view")
            .Build();
        var r = On(table, engine).Funnel("buy", "buy", "buy").Run();
        Assert.Equal([2L, 2, 1], Users(r));
        Assert.Empty(r.Notes);
    }

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void WithAnOrderColumnPurchasesCountOncePerOrder(Engine engine)
    {
        var roles = new EventRoles(Purchase: "buy", Order: "order");
        using var table = new Journeys().Roles(roles).Prop("order", PropertyType.Int64)
            .At("u1", 60, "buy", ("order", 7L)).At("u1", 60, "buy", ("order", 7L)).At("u1", 60, "buy", ("order", 7L))
            .At("u2", 60, "buy", ("order", 1L)).At("u2", 61, "buy", ("order", 2L)).At("u2", 62, "buy", ("order", 2L))
            .At("u3", 60, "buy").At("u3", 60, "buy").At("u3", 60, "buy") // no order id: each row counts
            .Build();
        var r = On(table, engine).Funnel("buy", "buy", "buy").Run();
        Assert.Equal([3L, 2, 1], Users(r));
        Assert.Contains(r.Notes, n => n.Contains("once per order", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void OrderDedupKeepsTheFirstRowOfEachOrder(Engine engine)
    {
        var roles = new EventRoles(Purchase: "buy", Order: "order");
        using var table = new Journeys().Roles(roles).Prop("order", PropertyType.String)
            // the later row of order o1 is dropped, so no buy follows the view
            .At("u", 0, "buy", ("order", "o1")).At("u", 600, "view").At("u", 1200, "buy", ("order", "o1"))
            .Build();
        Assert.Equal([1L, 0], Users(On(table, engine).Funnel("view", "buy").Run()));
        // Without buy in the funnel the order column plays no part.
        Assert.Empty(On(table, engine).Funnel("view").Run().Notes);
    }

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void RowsInReverseTimeOrderAreMatchedByTime(Engine engine)
    {
        using var table = new Journeys()
            .At("u1", 20, "C").At("u1", 10, "B").At("u1", 0, "A")   // appended backwards, happened forwards
            .At("u2", 0, "C").At("u2", 10, "B").At("u2", 20, "A")   // really backwards
            .Build();
        Assert.Equal([2L, 1, 1], Users(On(table, engine).Funnel("A", "B", "C").Run()));
    }

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void BreakdownTakesStep1ValueAndMissingGoesToNoneAndRowsSumToTotal(Engine engine)
    {
        using var table = new Journeys().Prop("cat", PropertyType.String)
            .At("u1", 0, "A", ("cat", "x")).At("u1", 10, "B")
            .At("u2", 0, "A").At("u2", 5, "B", ("cat", "y"))           // value only on step 2: (none)
            .At("u3", 0, "A", ("cat", "y"))
            .At("u4", 0, "B", ("cat", "x"))                            // never starts: not in any row
            .Build();
        var r = On(table, engine).Funnel("A", "B").BreakdownBy("cat").Run();
        Assert.Equal([3L, 2], Users(r));
        Assert.Equal(["x", "y", null], r.Breakdown.Select(b => b.Value));
        Assert.Equal([1L, 1], Users(r, "x"));
        Assert.Equal([1L, 0], Users(r, "y"));
        Assert.Equal([1L, 1], Users(r, null));
        Assert.Equal("(none)", r.Breakdown[^1].Label);
        Assert.Equal(0.0, r.Breakdown[1].Steps[1].StepConversion);

        var unbroken = On(table, engine).Funnel("A", "B").Run();
        Assert.Empty(unbroken.Breakdown);
        for (var j = 0; j < 2; j++)
            Assert.Equal(unbroken.Steps[j].Users, r.Breakdown.Sum(b => b.Steps[j].Users));
    }

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void BreakdownComesFromTheEarliestAttemptReachingTheDeepestStep(Engine engine)
    {
        var t = Journeys.T0;
        using var table = new Journeys().Prop("cat", PropertyType.String).Prop("shop", PropertyType.Int64)
            .Add("u", t, "A", ("cat", "first"), ("shop", 1L)).Add("u", t.AddMinutes(10), "B")
            .Add("u", t.AddHours(2), "A", ("cat", "second"), ("shop", 42L)).Add("u", t.AddHours(2).AddMinutes(10), "B").Add("u", t.AddHours(2).AddMinutes(20), "C")
            .Add("u", t.AddHours(3), "A", ("cat", "third"), ("shop", 3L)).Add("u", t.AddHours(3).AddMinutes(10), "B").Add("u", t.AddHours(3).AddMinutes(20), "C")
            // v: two step-1 events at one instant both complete; the one that arrived first is the earlier attempt
            .Add("v", t, "A", ("cat", "p")).Add("v", t, "A", ("cat", "q")).Add("v", t.AddMinutes(1), "B").Add("v", t.AddMinutes(1), "B")
            .Add("v", t.AddMinutes(2), "C")
            .Build();
        var f = On(table, engine).Funnel("A", "B", "C").Within(TimeSpan.FromHours(1));
        var r = f.BreakdownBy("cat").Run();
        Assert.Equal(["p", "second"], r.Breakdown.Select(b => b.Value));
        Assert.All(r.Breakdown, b => Assert.Equal([1L, 1, 1], b.Steps.Select(s => s.Users)));
        var byShop = f.BreakdownBy("shop").Run();
        Assert.Equal([1L, 1, 1], Users(byShop, "42")); // int64 values as digits
        Assert.Equal([1L, 1, 1], Users(byShop, null));
    }

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void ManyEventsSharingOneTimestampCompleteAndMatchAsAMultiset(Engine engine)
    {
        var t = Journeys.T0;
        var j = new Journeys();
        for (var i = 0; i < 500; i++) j.Add("u1", t, "B").Add("u1", t, "A");
        for (var i = 0; i < 1000; i++) j.Add("u2", t, "A");
        j.Add("u2", t.AddSeconds(1), "B");
        j.Add("u3", t, "B").Add("u3", t, "A");
        using var table = j.Build();
        // u1: A,B,A,B,A all at one instant; u2: A then B a second later, but no A after it; u3: one A and one B.
        Assert.Equal([3L, 3, 1, 1, 1], Users(On(table, engine).Funnel("A", "B", "A", "B", "A").Run()));
    }

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void DateFilterRemovesEventsBeforeMatching(Engine engine)
    {
        var d1 = new DateTime(2024, 3, 1, 23, 0, 0, DateTimeKind.Utc);
        using var table = new Journeys()
            .Add("u1", d1, "A").Add("u1", d1.AddHours(2), "B")              // A on Mar 1, B on Mar 2
            .Add("u2", d1.AddHours(3), "A").Add("u2", d1.AddHours(4), "B")  // both on Mar 2
            .Build();
        var mar1 = new DateOnly(2024, 3, 1);
        var mar2 = new DateOnly(2024, 3, 2);
        Assert.Equal([2L, 2], Users(On(table, engine).Funnel("A", "B").Run()));
        Assert.Equal([1L, 1], Users(On(table, engine).Between(mar2, mar2).Funnel("A", "B").Run()));
        Assert.Equal([1L, 0], Users(On(table, engine).Between(mar1, mar1).Funnel("A", "B").Run()));
        // In Asia/Shanghai (UTC+8) every event is on Mar 2 local.
        Assert.Equal([2L, 2], Users(On(table, engine).InTimeZone("Asia/Shanghai").Between(mar2, mar2).Funnel("A", "B").Run()));
    }

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void RowFiltersAndUserSetsApplyBeforeMatching(Engine engine)
    {
        using var table = new Journeys().Prop("cat", PropertyType.String)
            .At("u1", 0, "A", ("cat", "x")).At("u1", 10, "B", ("cat", "y")).At("u1", 20, "B", ("cat", "x"))
            .At("u2", 0, "A", ("cat", "y")).At("u2", 10, "B", ("cat", "y"))
            .Build();
        var q = On(table, engine);
        Assert.Equal([2L, 2], Users(q.Funnel("A", "B").Run()));
        Assert.Equal([1L, 1], Users(q.Where(EventFilter.Equal("cat", "x")).Funnel("A", "B").Run()));
        var split = q.Where(EventFilter.Equal("cat", "x")).Funnel("A", "B").Within(TimeSpan.FromSeconds(15)).BreakdownBy("cat").Run();
        Assert.Equal([1L, 0], Users(split, "x")); // u1's remaining B is 20 s after A
        Assert.Equal([1L, 1], Users(q.For(Columnar.Profiles.UserSet.FromUserIds(table, ["u2"])).Funnel("A", "B").BreakdownBy("cat").Run(), "y"));
    }

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void StepsAbsentFromTheTableGiveZerosAndAWarning(Engine engine)
    {
        using var table = new Journeys().At("u", 0, "A").At("u", 1, "B").Build();
        var r = On(table, engine).Funnel("A", "nope", "B").Run();
        Assert.Equal([1L, 0, 0], Users(r));
        Assert.Equal(0.0, r.Steps[1].StepConversion);
        Assert.Null(r.Steps[2].StepConversion);
        Assert.Equal(0.0, r.Steps[2].OverallConversion);
        Assert.Single(r.Notes, n => n.Contains("'nope'", StringComparison.Ordinal) && n.StartsWith("warning", StringComparison.Ordinal));

        var none = On(table, engine).Funnel("nope", "A").Run();
        Assert.Equal([0L, 0], Users(none));
        Assert.All(none.Steps, s => Assert.Null(s.OverallConversion));
        Assert.Null(none.Steps[0].StepConversion);
    }

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void BadOptionsCarryCodes(Engine engine)
    {
        using var table = new Journeys().Prop("cat", PropertyType.String).At("u", 0, "A").Build();
        Assert.Equal(ErrorCodes.BadOption, Assert.Throws<ColumnarException>(() => On(table, engine).Funnel().Run()).Code);
        Assert.Equal(ErrorCodes.BadOption, Assert.Throws<ColumnarException>(() => On(table, engine).Funnel("A", "").Run()).Code);
        Assert.Equal(ErrorCodes.BadOption, Assert.Throws<ColumnarException>(() => On(table, engine).Funnel("A").Within(TimeSpan.Zero).Run()).Code);
        Assert.Equal(ErrorCodes.BadOption, Assert.Throws<ColumnarException>(() => On(table, engine).Funnel("A").Within(TimeSpan.FromHours(-1)).Explain()).Code);
        var unknown = Assert.Throws<ColumnarException>(() => On(table, engine).Funnel("A").BreakdownBy("colour").Run());
        Assert.Equal(ErrorCodes.UnknownProperty, unknown.Code);
        Assert.Contains("colour", unknown.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void NamesAreBoundNotSpliced(Engine engine)
    {
        const string evil = "x'); DROP TABLE events; --";
        using var table = new Journeys().Prop("ca\"t", PropertyType.String)
            .At("u", 0, evil, ("ca\"t", "v")).At("u", 1, "B")
            .Build();
        var q = On(table, engine).Funnel(evil, "B").BreakdownBy("ca\"t");
        Assert.Equal([1L, 1], Users(q.Run(), "v"));
        var plan = q.Explain();
        Assert.Contains("ASOF JOIN", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("DROP TABLE", plan.Split("SQL:")[1], StringComparison.Ordinal);
        Assert.Equal([1L, 1], Users(On(table, engine).Funnel(evil, "B").Run())); // the table survived
    }

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void PropertiesNamedLikeInternalColumnsDoNotClash(Engine engine)
    {
        using var table = new Journeys().Prop("bd", PropertyType.String).Prop("t", PropertyType.Int64).Prop("r", PropertyType.Bool)
            .At("u1", 0, "A", ("bd", "v"), ("t", 5L), ("r", true)).At("u1", 1, "B")
            .At("u2", 0, "A", ("bd", "w"), ("t", 6L), ("r", false))
            .Build();
        var f = On(table, engine).Funnel("A", "B");
        Assert.Equal([1L, 1], Users(f.BreakdownBy("bd").Run(), "v"));
        Assert.Equal([1L, 0], Users(f.BreakdownBy("t").Run(), "6"));
        Assert.Equal([1L, 1], Users(f.BreakdownBy("r").Run(), "true"));
    }

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void ToArrowIsLongFormatAndToStringShowsTheTables(Engine engine)
    {
        using var table = new Journeys().Prop("cat", PropertyType.String)
            .At("u1", 0, "A", ("cat", "x")).At("u1", 10, "B")
            .At("u2", 0, "A")
            .Build();
        var r = On(table, engine).Funnel("A", "B").BreakdownBy("cat").Run();
        var batch = r.ToArrow();
        Assert.Equal(6, batch.Length); // total + x + (none), 2 steps each
        Assert.Equal(["breakdown", "step", "step_name", "users", "dropped_off", "step_conversion", "overall_conversion"],
            batch.Schema.FieldsList.Select(f => f.Name));
        var breakdown = (StringArray)batch.Column("breakdown");
        Assert.Equal([null, null, "x", "x", "(none)", "(none)"], Enumerable.Range(0, 6).Select(i => breakdown.GetString(i)));
        Assert.Equal([2L, 1, 1, 1, 1, 0], ((Int64Array)batch.Column("users")).Values.ToArray());
        Assert.Equal([1, 2, 1, 2, 1, 2], ((Int32Array)batch.Column("step")).Values.ToArray());
        Assert.Equal(0.5, ((DoubleArray)batch.Column("overall_conversion")).GetValue(1));

        var text = r.ToString();
        Assert.Contains("Funnel A → B (window 1 d from the step-1 event, inclusive)", text, StringComparison.Ordinal);
        Assert.Contains("50.0%", text, StringComparison.Ordinal);
        Assert.Contains("(none)", text, StringComparison.Ordinal);
    }
}
