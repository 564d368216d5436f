using Columnar.Query;
using Columnar.Tests.TestKit;

namespace Columnar.Tests.Analytics;

public class SessionsTests
{
    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void GapEqualToTimeoutStaysInSessionAndOneMicrosecondMoreSplits(Engine engine)
    {
        // u1: 0, +30min (gap == timeout: same session), +30min+1µs later (gap > timeout: new session)
        var t = Journeys.T0;
        using var table = new Journeys()
            .Add("u1", t, "a")
            .Add("u1", t.AddMinutes(30), "b")
            .Add("u1", t.AddMinutes(60).AddTicks(10), "c")
            .Add("u2", t, "a")
            .Build();
        var r = table.Query().Using(engine).Sessions().Run();
        // u1: sessions {0, 30min} (duration 1800 s) and {60min+1µs} (0 s); u2: one bounce (0 s).
        Assert.Equal(3, r.Sessions);
        Assert.Equal(2, r.Users);
        Assert.Equal(4, r.Events);
        Assert.Equal(1800_000_000L, r.TotalDurationMicros);
        Assert.Equal(2, r.Bounces);
        Assert.Equal(0.0, r.MedianDurationSeconds);
        Assert.Equal(600.0, r.MeanDurationSeconds!.Value, 9);
        Assert.Equal(2, r.Histogram[0].Sessions); // exactly 0 s
        Assert.Equal(1, r.Histogram.Single(b => b.Label == "30–60 min").Sessions);
    }

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void RowsInReverseTimeOrderAreSortedFirst(Engine engine)
    {
        var t = Journeys.T0;
        using var table = new Journeys()
            .Add("u", t.AddHours(5), "c")
            .Add("u", t.AddMinutes(10), "b")
            .Add("u", t, "a")
            .Build();
        var r = table.Query().Using(engine).Sessions().Timeout(TimeSpan.FromMinutes(15)).Run();
        Assert.Equal(2, r.Sessions); // {0, 10 min} and {5 h}
        Assert.Equal(600_000_000L, r.TotalDurationMicros);
        Assert.Equal(1, r.Bounces);
    }

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void NonPositiveTimeoutIsABadOption(Engine engine)
    {
        using var table = new Journeys().At("u", 0, "a").Build();
        var e = Assert.Throws<ColumnarException>(() => table.Query().Using(engine).Sessions().Timeout(TimeSpan.Zero).Run());
        Assert.Equal(ErrorCodes.BadOption, e.Code);
    }

    [Fact]
    public void DurationsBelowOneMicrosecondAndNullArgumentsAreRefused()
    {
        using var table = new Journeys().At("a", 0, "view").At("a", 60, "buy").Build();
        var q = table.Query();
        // Times are whole microseconds: 5 ticks (0.5 µs) would act as a 0 timeout.
        Assert.Equal("ANA0001", Assert.Throws<ColumnarException>(() => q.Sessions().Timeout(TimeSpan.FromTicks(5)).Run()).Code);
        Assert.Equal("ANA0001", Assert.Throws<ColumnarException>(() => q.Funnel("view", "buy").Within(TimeSpan.FromTicks(1)).Run()).Code);
        Assert.Equal("ANA0001", Assert.Throws<ColumnarException>(() => q.Paths("view").WithinSessions(TimeSpan.FromTicks(3)).Run()).Code);
        Assert.Equal(1, q.Sessions().Timeout(TimeSpan.FromMicroseconds(1)).Run().Users);
        Assert.Throws<ArgumentNullException>(() => q.Where(null!));
        Assert.Equal("zone", Assert.Throws<ArgumentException>(() => q.InTimeZone(null!)).ParamName);
        var reversed = Assert.Throws<ColumnarException>(() => table.Between(new DateOnly(2024, 3, 5), new DateOnly(2024, 3, 1)).Sessions().Run());
        Assert.Contains("from 2024-03-05 is after to 2024-03-01", reversed.Message);
        Assert.DoesNotContain("--", reversed.Message);
    }
}
