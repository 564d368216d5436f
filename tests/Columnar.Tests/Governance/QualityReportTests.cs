using Columnar.Governance;
using Columnar.Ingest;
using Columnar.Tests.Ingest;
using static Columnar.Tests.Governance.GovernanceTestKit;

namespace Columnar.Tests.Governance;

public class QualityReportTests
{
    // By hand. Line 2: empty user -> Rejected. The crawler (bot user agent) has: line 3 (kept original, Bot), line 4 (exact copy of 3:
    // Duplicate, though also a bot row), line 5 (before the start: TimeOutOfRange, also bot), line 6 ('scrape' not in the plan:
    // PlanViolation, also bot). Line 7: a clean human row. Each row once: 1 + 1 + 1 + 1 + 1 + clean 1 = 6 read; noise 5/6.
    private const string Csv = """
        user,time,event,ua
        ,2024-03-05T10:00:00Z,view,Mozilla
        bot1,2024-03-05T10:00:00Z,view,Googlebot/2.1
        bot1,2024-03-05T10:00:00Z,view,Googlebot/2.1
        bot1,2024-02-01T10:00:00Z,view,Googlebot/2.1
        bot1,2024-03-05T10:01:00Z,scrape,Googlebot/2.1
        human,2024-03-05T11:00:00Z,view,Mozilla/5.0

        """;

    private static GovernanceOptions Options(bool remove) => new()
    {
        Plan = TrackingPlan.Parse("""{"events": [{"name": "view"}]}"""),
        Time = new TimeHygieneOptions { Start = new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero), Now = new DateTimeOffset(2024, 4, 1, 0, 0, 0, TimeSpan.Zero), Exclude = remove },
        Bots = new BotOptions { UserAgentProperty = "ua", Exclude = remove },
        Dedup = remove ? new DedupOptions() : null,
        RejectPlanViolations = remove,
    };

    [Fact]
    public void EveryRowIsCountedOnceByPrecedence()
    {
        using var g = Govern(Csv, "ua", Options(remove: false));
        var r = g.Report;
        Assert.Equal((6L, 5L, 1L), (r.RowsRead, r.RowsLoaded, r.RowsRejected));
        Assert.Equal([1L, 1L, 1L, 1L, 1L], r.Categories.Select(c => c.Rows));
        Assert.Equal([1L, 1L, 1L, 1L, 4L], r.Categories.Select(c => c.Detected));
        Assert.Equal(1, r.RowsClean);
        Assert.Equal(5.0 / 6, r.NoiseRate, 12);
        Assert.Equal(2L, Reason(r, QualityCategory.Rejected, ErrorCodes.EmptyUser).Examples.Single().Line);
        Assert.Equal(4L, Reason(r, QualityCategory.Duplicate, "Exact").Examples.Single().Line);
        Assert.Equal(5L, Reason(r, QualityCategory.TimeOutOfRange, "BeforeStart").Examples.Single().Line);
        Assert.Equal(6L, Reason(r, QualityCategory.PlanViolation, "UnknownEvent").Examples.Single().Line);
        Assert.Equal(3L, Reason(r, QualityCategory.Bot, "UserAgent").Examples.Single().Line);
        Assert.Equal((0L, 5L), (r.RowsRemoved, r.RowsKept));
        AssertReconciles(r);
        Assert.Contains("noise rate 83.33%", r.ToString());
    }

    [Fact]
    public void RemovalKeepsTheCountsAndReconciles()
    {
        using var g = Govern(Csv, "ua", Options(remove: true));
        var r = g.Report;
        Assert.Equal([1L, 1L, 1L, 1L, 1L], r.Categories.Select(c => c.RowsRemoved));
        Assert.Equal((4L, 1L), (r.RowsRemoved, r.RowsKept));
        Assert.Equal(["human"], Enumerable.Range(0, g.Table.UserCount).Select(g.Table.GetUserIdText));
        AssertReconciles(r);
    }

    [Fact]
    public void CliJsonShowsTheSameNumbersAsTheApi()
    {
        using var dir = IngestTestKit.Temp();
        var input = dir.File("dirty.csv", Csv);
        var planPath = dir.File("plan.json", """{"events": [{"name": "view"}]}""");
        var output = dir.PathOf("quality.json");
        var code = Columnar.Cli.ColumnarCli.Run(
        [
            "quality", "--input", input, "--map", "user=user;time=time;event=event;props=ua", "--plan", planPath, "--user-agent", "ua",
            "--time-start", "2024-03-01", "--tz", "UTC", "--rejects", dir.PathOf("rejects.csv"), "--json", "--output", output,
        ], TextWriter.Null, TextWriter.Null);
        Assert.Equal(0, code);
        var preset = Preset.Custom.With(new EventMapping { User = "user", Time = "time", Event = "event", Props = "ua" });
        using var api = DataGovernance.Load(input, preset, new LoadOptions { RejectsPath = dir.PathOf("rejects2.csv"), TimeZone = "UTC" }, GovernanceOptions.Defaults with
        {
            Plan = TrackingPlan.Load(planPath),
            Time = new TimeHygieneOptions { Start = new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero) },
            Bots = new BotOptions { UserAgentProperty = "ua" },
        });
        Assert.Equal(api.Report.ToJson(), File.ReadAllText(output));
        Assert.Contains("\"noise_rate\": 0.8333333333333334", File.ReadAllText(output));
    }

    [Fact]
    public void PlanInferCommandWritesAPlanTheLoaderAccepts()
    {
        using var dir = IngestTestKit.Temp();
        var input = dir.File("in.csv", "user,time,event,ch\na,2024-03-05T10:00:00Z,view,app\nb,2024-03-05T10:00:00Z,view,app\n");
        var output = dir.PathOf("plan.json");
        var err = new StringWriter();
        var code = Columnar.Cli.ColumnarCli.Run(["plan", "infer", "--input", input, "--map", "user=user;time=time;event=event;props=ch", "--output", output],
            TextWriter.Null, err);
        Assert.Equal(0, code);
        // The load summary is printed once.
        Assert.Single(err.ToString().Split('\n'), l => l.Contains("read 2 rows, loaded 2, rejected 0", StringComparison.Ordinal));
        var plan = TrackingPlan.Load(output);
        var ch = Assert.Single(Assert.Single(plan.Events).Properties);
        Assert.Equal(("ch", true), (ch.Name, ch.Required));
        Assert.Equal(["app"], ch.Allowed!);
    }
}

public class GovernedTableOwnershipTests
{
    [Fact]
    public void DisposingAnUnchangedResultLeavesTheCallersTableUsable()
    {
        using var t = new Columnar.Tests.TestKit.Journeys().At("a", 0, "view").At("a", 60, "buy").Build();
        using (var g = DataGovernance.Apply(t, new GovernanceOptions()))
            Assert.Same(t, g.Table);
        // The caller's table still answers queries after the governed result is disposed.
        Assert.Equal([1L, 1L], t.Funnel("view", "buy").Run().Steps.Select(s => s.Users));
    }
}
