using Columnar.Governance;
using Columnar.Ingest;
using Columnar.Storage;
using Columnar.Tests.Ingest;
using static Columnar.Tests.Governance.GovernanceTestKit;

namespace Columnar.Tests.Governance;

public class TimeHygieneTests
{
    private static readonly DateTimeOffset Now = new(2024, 3, 10, 0, 0, 0, TimeSpan.Zero);

    // By hand, with start 2024-03-01 (inclusive), end 2024-03-09 (exclusive), now 2024-03-10, tolerance 5 min:
    // line 2 before start; line 3 on the start instant (ok); line 4 exactly at end (after end); line 5 ok;
    // line 6 4 min after now (ok, within tolerance) but after end -> AfterEnd; with no end it is fine;
    // line 7 one hour after now -> AfterEnd (end takes precedence), Future when there is no end.
    private const string Csv = """
        user,time,event
        a,2024-02-29T23:59:59Z,view
        a,2024-03-01T00:00:00Z,view
        a,2024-03-09T00:00:00Z,view
        b,2024-03-05T12:00:00+08:00,view
        b,2024-03-10T00:04:00Z,view
        b,2024-03-10T01:00:00Z,view

        """;

    [Fact]
    public void RangeAndFutureChecksFlagByFirstIssue()
    {
        var time = new TimeHygieneOptions { Start = new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero), End = new DateTimeOffset(2024, 3, 9, 0, 0, 0, TimeSpan.Zero), Now = Now };
        using var g = Govern(Csv, "", new GovernanceOptions { Time = time });
        Assert.Equal([2L], Reason(g.Report, QualityCategory.TimeOutOfRange, "BeforeStart").Examples.Select(e => e.Line));
        Assert.Equal([4L, 6L, 7L], Reason(g.Report, QualityCategory.TimeOutOfRange, "AfterEnd").Examples.Select(e => e.Line).Order());
        Assert.Equal(6, g.Table.EventCount);

        using var noEnd = Govern(Csv, "", new GovernanceOptions { Time = time with { End = null } });
        Assert.Equal([7L], Reason(noEnd.Report, QualityCategory.TimeOutOfRange, "Future").Examples.Select(e => e.Line));
        Assert.Equal(2, noEnd.Report.Category(QualityCategory.TimeOutOfRange).Rows);
    }

    [Fact]
    public void ExcludeRemovesOutOfRangeRows()
    {
        var time = new TimeHygieneOptions { Start = new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero), Now = Now, Exclude = true };
        using var g = Govern(Csv, "", new GovernanceOptions { Time = time });
        Assert.Equal(4, g.Table.EventCount); // lines 3, 4, 5, 6
        Assert.Equal(2, g.Report.RowsRemoved);
        AssertReconciles(g.Report);
    }

    [Fact]
    public void ZonesNormaliseToUtc()
    {
        // One instant written four ways: offset, Z, and zone-less in Asia/Shanghai (the mapping's zone).
        using var dir = IngestTestKit.Temp();
        var path = dir.File("z.csv", "user,time,event\na,2024-03-05T12:00:00+08:00,x\nb,2024-03-05T04:00:00Z,x\nc,2024-03-05 12:00:00,x\nd,2024-03-04T23:00:00-05:00,x\n");
        var preset = Preset.Custom.With(new EventMapping { User = "user", Time = "time", Event = "event", TimeZone = "Asia/Shanghai" });
        using var g = DataGovernance.Load(path, preset, null, new GovernanceOptions());
        var expected = IngestTestKit.Micros(new DateTimeOffset(2024, 3, 5, 4, 0, 0, TimeSpan.Zero));
        Assert.All(g.Table.Times.ToArray(), t => Assert.Equal(expected, t));
    }

    [Fact]
    public void ClockSkewMovesTimeByReceivedMinusSent()
    {
        // Row 1: the client clock is 2 h behind (sent 08:00, received 10:00): 07:59 -> 09:59. Row 2: no sent-at, unchanged.
        // Row 3: clocks agree, unchanged. After correction row 1 falls inside the range; without it, it would be before start.
        var csv = """
            user,time,event,sent,received
            a,2024-03-05T07:59:00Z,view,2024-03-05T08:00:00Z,2024-03-05T10:00:00Z
            a,2024-03-05T09:00:00Z,view,,2024-03-05T09:00:01Z
            b,2024-03-05T09:30:00Z,view,2024-03-05T09:30:05Z,2024-03-05T09:30:05Z

            """;
        var time = new TimeHygieneOptions { SentAtProperty = "sent", ReceivedAtProperty = "received", Start = new DateTimeOffset(2024, 3, 5, 9, 0, 0, TimeSpan.Zero), Now = Now };
        using var g = Govern(csv, "", new GovernanceOptions { Time = time }, "sent:timestamp,received:timestamp");
        Assert.Equal(1, g.Report.TimeCorrectedRows);
        Assert.Equal(0, g.Report.Category(QualityCategory.TimeOutOfRange).Rows);
        var times = g.Table.Times.ToArray().Select(t => IngestTestKit.Utc(t).ToString("HH:mm")).ToArray();
        Assert.Equal(["09:00", "09:59", "09:30"], times);

        var e = Assert.Throws<ColumnarException>(() => Govern(csv, "", new GovernanceOptions { Time = time with { ReceivedAtProperty = null } }, "sent:timestamp,received:timestamp"));
        Assert.Equal(ErrorCodes.BadGovernanceOption, e.Code);
    }
}
