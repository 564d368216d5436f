using Columnar.Governance;
using Columnar.Storage;
using Columnar.Tests.TestKit;
using static Columnar.Tests.Governance.GovernanceTestKit;

namespace Columnar.Tests.Governance;

public class DedupTests
{
    // By hand. Lines 2/3/4: three identical rows -> 2 exact duplicates (3, 4). Line 5: same event id e1 as line 2 but another time
    // -> event-id duplicate. Lines 6, 7 (0.5 s later), 8 (0.9 s after 6), 9 (1.6 s after 6, 0.7 s after 8): near rule measures from
    // the last kept row, so 7 and 8 are near duplicates of 6, 9 is kept (1.6 s > 1 s). Line 10: same time as 6 but another page -> kept.
    private const string Csv = """
        user,time,event,page,eid
        u1,2024-03-01T10:00:00Z,view,home,e1
        u1,2024-03-01T10:00:00Z,view,home,e1
        u1,2024-03-01T10:00:00Z,view,home,e1
        u1,2024-03-01T10:05:00Z,view,home,e1
        u2,2024-03-01T10:00:00.000Z,click,buy,x1
        u2,2024-03-01T10:00:00.500Z,click,buy,x2
        u2,2024-03-01T10:00:00.900Z,click,buy,x3
        u2,2024-03-01T10:00:01.600Z,click,buy,x4
        u2,2024-03-01T10:00:00.000Z,click,help,x5

        """;

    [Fact]
    public void WithoutDedupExactDuplicatesAreCountedAndKept()
    {
        using var g = Govern(Csv, "page,eid", new GovernanceOptions());
        Assert.Equal(9, g.Table.EventCount);
        var d = g.Report.Category(QualityCategory.Duplicate);
        Assert.Equal((2L, 0L), (d.Rows, d.RowsRemoved));
        Assert.Equal([3L, 4L], Reason(g.Report, QualityCategory.Duplicate, "Exact").Examples.Select(e => e.Line));
        AssertReconciles(g.Report);
    }

    [Fact]
    public void EveryRuleCountsSeparatelyAndRemovesWhenAsked()
    {
        var options = new GovernanceOptions { Dedup = new DedupOptions { EventIdProperty = "eid", NearWindow = TimeSpan.FromSeconds(1) } };
        using var g = Govern(Csv, "page,eid", options);
        var r = g.Report;
        Assert.Equal(2, Reason(r, QualityCategory.Duplicate, "Exact").Rows);
        Assert.Equal(1, Reason(r, QualityCategory.Duplicate, "EventId").Rows);
        Assert.Equal([5L], Reason(r, QualityCategory.Duplicate, "EventId").Examples.Select(e => e.Line));
        Assert.Equal(2, Reason(r, QualityCategory.Duplicate, "Near").Rows);
        Assert.Equal([7L, 8L], Reason(r, QualityCategory.Duplicate, "Near").Examples.Select(e => e.Line).Order());
        Assert.Equal(5, r.Category(QualityCategory.Duplicate).RowsRemoved);
        Assert.Equal(4, g.Table.EventCount);
        // Kept: u1's 10:00 row, u2's clicks at .000 (buy), 1.600 (buy) and .000 (help).
        var times = g.Table.Times.ToArray().Select(t => t % 60_000_000).ToArray();
        Assert.Equal([0L, 0L, 0L, 1_600_000L], times.Order());
        AssertReconciles(r);
    }

    [Fact]
    public void EventIdKeepsTheFirstRowInTableOrderWhateverTheArrival()
    {
        // The same event id with different payloads, arriving in both orders: the kept row is the earliest in (user, time) order.
        foreach (var reversed in new[] { false, true })
        {
            var j = new Journeys().Prop("eid", PropertyType.String).Prop("v", PropertyType.Int64);
            var rows = new (string User, double At, long V)[] { ("b", 5, 2), ("a", 9, 1), ("b", 1, 3) };
            foreach (var x in reversed ? rows.Reverse() : rows) j.At(x.User, x.At, "e", ("eid", "same"), ("v", x.V));
            using var t = j.Build();
            using var g = DataGovernance.Apply(t, new GovernanceOptions { Dedup = new DedupOptions { Exact = false, EventIdProperty = "eid" } });
            Assert.Equal(1, g.Table.EventCount);
            Assert.Equal("a", g.Table.GetUserIdText(0));
            Assert.Equal(1L, g.Table.Property("v")!.GetValue(0));
        }
    }

    [Fact]
    public void CountOnlyModeReportsWithoutRemoving()
    {
        // Without an event-id rule the differing ids make every click distinct; mapping only 'page' leaves 2 exact + 2 near.
        using (var withIds = Govern(Csv, "page,eid", new GovernanceOptions { Dedup = new DedupOptions { NearWindow = TimeSpan.FromSeconds(1), Remove = false } }))
            Assert.Equal(2, withIds.Report.Category(QualityCategory.Duplicate).Rows);
        using var g = Govern(Csv, "page", new GovernanceOptions { Dedup = new DedupOptions { NearWindow = TimeSpan.FromSeconds(1), Remove = false } });
        Assert.Equal(4, g.Report.Category(QualityCategory.Duplicate).Rows);
        Assert.Equal(0, g.Report.RowsRemoved);
        Assert.Equal(9, g.Table.EventCount);
    }

    [Fact]
    public void UnknownEventIdColumnIsGov0002()
    {
        using var t = new Journeys().At("a", 0, "e").Build();
        var e = Assert.Throws<ColumnarException>(() => DataGovernance.Apply(t, new GovernanceOptions { Dedup = new DedupOptions { EventIdProperty = "nope" } }));
        Assert.Equal(ErrorCodes.BadGovernanceOption, e.Code);
    }
}
