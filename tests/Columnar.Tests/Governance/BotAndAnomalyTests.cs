using Columnar.Governance;
using Columnar.Storage;
using Columnar.Tests.TestKit;

namespace Columnar.Tests.Governance;

public class BotAndAnomalyTests
{
    private static EventTable Traffic()
    {
        var j = new Journeys().Prop("ua", PropertyType.String);
        for (var i = 0; i < 121; i++) j.At("fast", i * 0.4, "view");          // 121 events in 48 s: > 120 per minute
        for (var i = 0; i < 50; i++) j.At("huge", 1000 + i * 1.5 + (i % 2) * 0.5, "view"); // 50 events, irregular gaps, ~40/min
        for (var i = 0; i < 25; i++) j.At("metronome", 5000 + i * 10.0, "view"); // 25 events exactly 10 s apart
        for (var i = 0; i < 3; i++) j.At("crawler", 9000 + i * 17.0, "view", ("ua", "Mozilla/5.0 (compatible; Googlebot/2.1)"));
        foreach (var s in new[] { 0.0, 7, 20, 31, 100 }) j.At("human", 20000 + s, "view", ("ua", "Mozilla/5.0 (X11; Linux)"));
        return j.Build();
    }

    [Fact]
    public void EachBotRuleFlagsItsUserAndCountsEveryRow()
    {
        using var t = Traffic();
        var bots = new BotOptions { MaxSessionEvents = 50, UserAgentProperty = "ua" };
        using var g = DataGovernance.Apply(t, new GovernanceOptions { Bots = bots });
        var c = g.Report.Category(QualityCategory.Bot);
        Assert.Equal(121 + 50 + 25 + 3, c.Rows);
        Assert.Equal(121, c.Reasons.Single(r => r.Reason == "InhumanRate").Rows);
        Assert.Equal(50, c.Reasons.Single(r => r.Reason == "HugeSession").Rows);
        Assert.Equal(25, c.Reasons.Single(r => r.Reason == "RegularGaps").Rows);
        Assert.Equal(3, c.Reasons.Single(r => r.Reason == "UserAgent").Rows);
        Assert.Equal(204, g.Table.EventCount); // flagged, kept

        using var excluded = DataGovernance.Apply(t, new GovernanceOptions { Bots = bots with { Exclude = true } });
        Assert.Equal(["human"], Enumerable.Range(0, excluded.Table.UserCount).Select(excluded.Table.GetUserIdText));
        Assert.Equal(199, excluded.Report.RowsRemoved);
    }

    [Fact]
    public void ThresholdsAreBoundaries()
    {
        using var t = Traffic();
        // 121 events in a minute are fine at 121 per minute; sessions of 121 and 50 events are fine at 122.
        using var g = DataGovernance.Apply(t, new GovernanceOptions { Bots = new BotOptions { MaxEventsPerMinute = 121, MaxSessionEvents = 122, RegularMinEvents = 26 } });
        // "fast" has 121 perfectly regular gaps of 0.4 s, so it is still caught, now as RegularGaps; metronome has only 25 events.
        var c = g.Report.Category(QualityCategory.Bot);
        Assert.Equal(121, c.Rows);
        Assert.Equal("RegularGaps", Assert.Single(c.Reasons).Reason);
    }

    private static EventTable Daily(params int[] counts)
    {
        var j = new Journeys();
        for (var d = 0; d < counts.Length; d++)
            for (var i = 0; i < counts[d]; i++) j.Add("u" + i, Journeys.T0.AddDays(d).AddMinutes(i), "view");
        j.Add("x", Journeys.T0, "buy"); // another event name with a one-day series
        return j.Build();
    }

    [Fact]
    public void InjectedSpikeIsTheOnlyAnomaly()
    {
        // By hand: counts 10,12,11,9,10,11,10,12,9,60 -> median 10.5, MAD 1.0, z(60) = 0.6745·49.5 = 33.39; the next largest |z| is 1.01.
        using var t = Daily(10, 12, 11, 9, 10, 11, 10, 12, 9, 60);
        using var g = DataGovernance.Apply(t, new GovernanceOptions { Anomalies = new AnomalyOptions() });
        var a = Assert.Single(g.Report.Anomalies, x => x.Event == "view");
        Assert.Equal(new DateTimeOffset(2024, 3, 10, 0, 0, 0, TimeSpan.Zero), a.BucketStart);
        Assert.Equal((60L, 10.5, 1.0), (a.Count, a.Median, a.Mad));
        Assert.Equal(0.6745 * 49.5, a.Score, 9);
        // buy: 1 on day 1 and 0 after: median 0, MAD 0, mean AD 0.1 -> z = 1/(1.253314·0.1) = 7.98: flagged too.
        var buy = Assert.Single(g.Report.Anomalies, x => x.Event == "buy");
        Assert.Equal(1 / (1.253314 * 0.1), buy.Score, 6);
    }

    [Fact]
    public void FlatSeriesHasNoAnomalyAndASpikeOnAFlatSeriesIsFound()
    {
        using var flat = Daily(10, 10, 10, 10, 10, 10, 10);
        using var g = DataGovernance.Apply(flat, new GovernanceOptions { Anomalies = new AnomalyOptions() });
        Assert.DoesNotContain(g.Report.Anomalies, x => x.Event == "view");

        // MAD is 0; mean AD = 30/7 -> z = 30/(1.253314·30/7) = 5.585 > 3.5.
        using var spiked = Daily(10, 10, 10, 40, 10, 10, 10);
        using var s = DataGovernance.Apply(spiked, new GovernanceOptions { Anomalies = new AnomalyOptions() });
        var a = Assert.Single(s.Report.Anomalies, x => x.Event == "view");
        Assert.Equal(40, a.Count);
        Assert.Equal(7 / 1.253314, a.Score, 6);
        // A higher threshold lets it pass.
        using var lax = DataGovernance.Apply(spiked, new GovernanceOptions { Anomalies = new AnomalyOptions { Threshold = 6 } });
        Assert.DoesNotContain(lax.Report.Anomalies, x => x.Event == "view");
    }
}
