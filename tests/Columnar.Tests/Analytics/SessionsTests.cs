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
}
