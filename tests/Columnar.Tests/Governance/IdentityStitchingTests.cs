using Columnar.Analytics;
using Columnar.Governance;
using Columnar.Storage;
using Columnar.Tests.TestKit;

namespace Columnar.Tests.Governance;

public class IdentityStitchingTests
{
    private static DateTime At(int day, int hour, int minute) => new(2024, 3, day, hour, minute, 0, DateTimeKind.Utc);

    /// <summary>
    /// Mixpanel-style ids: the user column is the login id after login and the anonymous id before; the login event carries the
    /// anonymous id. d1 browses anonymously, logs in as u1 and buys; u1 comes back on day 2. u2 converts logged in. d9 never logs in.
    /// </summary>
    private static EventTable Journey() => new Journeys().Prop("anon", PropertyType.String)
        .Add("d1", At(1, 10, 0), "view")
        .Add("d1", At(1, 10, 5), "cart")
        .Add("u1", At(1, 10, 10), "login", ("anon", "d1"))
        .Add("u1", At(1, 10, 15), "buy")
        .Add("u1", At(2, 9, 0), "view")
        .Add("u2", At(1, 11, 0), "view")
        .Add("u2", At(1, 11, 1), "cart")
        .Add("u2", At(1, 11, 2), "buy")
        .Add("d9", At(1, 12, 0), "view")
        .Build();

    [Fact]
    public void PersonWhoConvertedAfterLoginCountsOnceInTheFunnel()
    {
        using var raw = Journey();
        // Unstitched (by hand): view by d1, u1 (day 2), u2, d9 = 4; cart by d1, u2 = 2; buy after cart only u2 = 1. d1 and u1 double count.
        var before = raw.Funnel("view", "cart", "buy").Within(TimeSpan.FromDays(1)).Run();
        Assert.Equal([4L, 2L, 1L], before.Steps.Select(s => s.Users));

        using var g = DataGovernance.Apply(raw, new GovernanceOptions { Identity = new IdentityOptions { AnonymousIdProperty = "anon", IdentifyEvents = ["login"] } });
        // Stitched: persons u1 (d1 + u1), u2, d9. u1 views 10:00, carts 10:05, buys 10:15: converts. u2 converts. d9 views only.
        Assert.Equal(3, g.Table.UserCount);
        Assert.Equal(["d9", "u1", "u2"], Enumerable.Range(0, 3).Select(g.Table.GetUserIdText));
        var after = g.Table.Funnel("view", "cart", "buy").Within(TimeSpan.FromDays(1)).Run();
        Assert.Equal([3L, 2L, 2L], after.Steps.Select(s => s.Users));
        var id = g.Report.Identity!;
        Assert.Equal((4L, 3L, 1L, 2L), (id.UsersBefore, id.Persons, id.Links, id.RowsReassigned));
        Assert.Equal(9, g.Table.EventCount); // nothing dropped
    }

    [Fact]
    public void PersonWhoConvertedAfterLoginCountsOnceInRetention()
    {
        using var raw = Journey();
        // Unstitched: day-1 cohort d1, u1, u2, d9 = 4 (u1 and d1 are one person), u1 back on day 2.
        var before = raw.Retention().By(CalendarPeriod.Day).Periods(2).Run();
        Assert.Equal(4, Assert.Single(before.Cohorts).Size);

        using var g = DataGovernance.Apply(raw, new GovernanceOptions { Identity = new IdentityOptions { AnonymousIdProperty = "anon" } });
        var after = g.Table.Retention().By(CalendarPeriod.Day).Periods(2).Run();
        var cohort = Assert.Single(after.Cohorts);
        // Three persons, each once: never twice (d1 + u1), never dropped (d9 stays).
        Assert.Equal(new DateOnly(2024, 3, 1), cohort.Start);
        Assert.Equal(3, cohort.Size);
        Assert.Equal([3L, 1L], cohort.Cells);
    }

    [Fact]
    public void DeviceIdsWithALoginPropertyMergeAcrossDevices()
    {
        // The user column is the device; user_id is set after login. Device A: anonymous view and cart, then login and buy as U1.
        // Device B: U1 views on day 2. Unstitched: two users in the day-1 cohort? No: B starts on day 2, so cohorts day 1 {A}, day 2 {B}.
        using var raw = new Journeys().Prop("user_id", PropertyType.String)
            .Add("A", At(1, 9, 0), "view")
            .Add("A", At(1, 9, 1), "cart")
            .Add("A", At(1, 9, 2), "login", ("user_id", "U1"))
            .Add("A", At(1, 9, 3), "buy", ("user_id", "U1"))
            .Add("B", At(2, 8, 0), "view", ("user_id", "U1"))
            .Build();
        var before = raw.Retention().By(CalendarPeriod.Day).Periods(2).Run();
        Assert.Equal([1L, 1L], before.Cohorts.Select(c => c.Size));
        using var g = DataGovernance.Apply(raw, new GovernanceOptions { Identity = new IdentityOptions { UserIdProperty = "user_id" } });
        Assert.Equal(["U1"], Enumerable.Range(0, g.Table.UserCount).Select(g.Table.GetUserIdText));
        var after = g.Table.Retention().By(CalendarPeriod.Day).Periods(2).Run();
        var cohort = Assert.Single(after.Cohorts);
        Assert.Equal([1L, 1L], cohort.Cells);
        Assert.Equal([1L, 1L, 1L], g.Table.Funnel("view", "cart", "buy").Run().Steps.Select(s => s.Users));
    }

    [Theory]
    [InlineData(IdentityConflictRule.FirstLinkWins, 4, 1)]
    [InlineData(IdentityConflictRule.Split, 3, 2)]
    public void SharedDeviceFollowsTheConflictRule(IdentityConflictRule rule, int u1Rows, int u2Rows)
    {
        // Device d: anonymous view (t1), login U1 (t2), anonymous view (t3), login U2 (t4), anonymous view (t5).
        // First link wins: every anonymous row goes to U1 (t1, t2, t3, t5), U2 keeps its own login (t4).
        // Split: t1 (before any link) -> first user U1, t3 -> U1 (latest link t2), t5 -> U2 (latest link t4).
        using var raw = new Journeys().Prop("user_id", PropertyType.String)
            .At("d", 1, "view").At("d", 2, "login", ("user_id", "U1")).At("d", 3, "view")
            .At("d", 4, "login", ("user_id", "U2")).At("d", 5, "view")
            .Build();
        using var g = DataGovernance.Apply(raw, new GovernanceOptions { Identity = new IdentityOptions { UserIdProperty = "user_id", Conflict = rule } });
        var t = g.Table;
        Assert.Equal(["U1", "U2"], Enumerable.Range(0, t.UserCount).Select(t.GetUserIdText));
        Assert.Equal((u1Rows, u2Rows), (t.Offsets[1] - t.Offsets[0], t.Offsets[2] - t.Offsets[1]));
        var id = g.Report.Identity!;
        Assert.Equal((2L, 1L, 1L, rule), (id.Links, id.LinkedAnonymousIds, id.ConflictingAnonymousIds, id.Rule));
        Assert.Equal(5, t.EventCount);
    }

    [Fact]
    public void NeedsExactlyOneIdentityProperty()
    {
        using var raw = new Journeys().At("a", 0, "x").Build();
        var e = Assert.Throws<ColumnarException>(() => DataGovernance.Apply(raw, new GovernanceOptions { Identity = new IdentityOptions() }));
        Assert.Equal(ErrorCodes.BadGovernanceOption, e.Code);
    }
}
