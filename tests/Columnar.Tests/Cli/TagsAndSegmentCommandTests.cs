using System.Text.Json;

namespace Columnar.Tests.Cli;

/// <summary><c>columnar tags</c> and <c>columnar segment</c> end to end on the Taobao user slice, against counts from the CSV.</summary>
public class TagsAndSegmentCommandTests
{
    private static readonly string[][] Rows = File.ReadLines(CliKit.TaobaoTrimmed).Select(l => l.Split(',')).ToArray();

    // Users with at least two 'buy' rows: the as-of defaults to the last event, so every row counts.
    private static readonly HashSet<string> TwoBuys = Rows.Where(r => r[3] == "buy").GroupBy(r => r[0])
        .Where(g => g.Count() >= 2).Select(g => g.Key).ToHashSet();

    [Fact]
    public void SegmentCountsExportsAndComparesLikeANaiveCount()
    {
        using var tmp = CliKit.Temp();
        var ids = tmp.Of("ids.csv");
        var run = CliKit.Run("segment", "did(buy, min=2)", "--input", CliKit.TaobaoTrimmed, "--preset", "taobao", "--export", ids, "--json");
        Assert.Equal(0, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Stdout);
        Assert.Equal(TwoBuys.Count, doc.RootElement.GetProperty("users").GetInt32());
        Assert.Equal(Rows.Select(r => r[0]).Distinct().Count(), doc.RootElement.GetProperty("population").GetInt32());
        var exported = File.ReadAllLines(ids);
        Assert.Equal("user_id", exported[0]);
        Assert.True(TwoBuys.SetEquals(exported.Skip(1)));
        foreach (var row in doc.RootElement.GetProperty("comparison").EnumerateArray())
        {
            var inSegment = row.GetProperty("segment_share").GetDouble();
            var overall = row.GetProperty("overall_share").GetDouble();
            Assert.InRange(inSegment, 0, 1);
            Assert.Equal(100 * inSegment / overall, row.GetProperty("tgi").GetDouble(), 9);
        }
    }

    [Fact]
    public void AProfileOfAnUnknownUserIsAnErrorAndAnUnmatchableAtomAWarning()
    {
        var run = CliKit.Run("tags", "--input", CliKit.TaobaoTrimmed, "--preset", "taobao", "--profile", "abc");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("ANA0001: --profile: user 'abc' is not in the data", run.Stderr, StringComparison.Ordinal);

        var seg = CliKit.Run("segment", "rfm=important_valu | did(purchase)", "--input", CliKit.TaobaoTrimmed, "--preset", "taobao");
        Assert.Equal(0, seg.ExitCode);
        Assert.Contains("warning: tag 'rfm' has no user with value 'important_valu'", seg.Stderr, StringComparison.Ordinal);
        Assert.Contains("warning: event 'purchase' does not occur in the data", seg.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void OutputsThatCannotBeWrittenAreCol0018NamingThePath()
    {
        using var tmp = CliKit.Temp();
        Directory.CreateDirectory(tmp.Of("dir"));
        var report = CliKit.Run("report", "--events", "20000", "--format", "csv", "--output", tmp.Of("dir"));
        Assert.Equal(1, report.ExitCode);
        Assert.Contains($"COL0018: cannot write '{tmp.Of("dir")}': it is a directory", report.Stderr, StringComparison.Ordinal);
        var export = CliKit.Run("segment", "buyer", "--input", CliKit.TaobaoTrimmed, "--preset", "taobao", "--export", tmp.Of("ids.xlsx"));
        Assert.Equal(1, export.ExitCode);
        Assert.Contains("COL0018", export.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(tmp.Of("ids.xlsx")));
    }

    [Fact]
    public void ASegmentSyntaxErrorPointsAtThePosition()
    {
        var run = CliKit.Run("segment", "did(buy, min=2", "--input", CliKit.TaobaoTrimmed, "--preset", "taobao");
        Assert.NotEqual(0, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Contains("PRO0001", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("position 15", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void TagsReportBuyersAsTheUsersWithAPurchase()
    {
        var run = CliKit.Run("tags", "--input", CliKit.TaobaoTrimmed, "--preset", "taobao");
        Assert.Equal(0, run.ExitCode);
        var buyers = Rows.Where(r => r[3] == "buy").Select(r => r[0]).Distinct().Count();
        var line = run.Stdout.Split('\n').Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
            .First(l => l.StartsWith("buyer ", StringComparison.Ordinal));
        Assert.Contains($" {buyers} ", line + " ", StringComparison.Ordinal);
    }

    [Fact]
    public void ATagFileTagOverAMissingPropertyIsSkippedWithAWarningOnStderr()
    {
        using var tmp = CliKit.Temp();
        var tags = tmp.Of("tags.json");
        File.WriteAllText(tags, """{"tags": [{"name": "interest_nothing", "interest": "nosuchprop"}, {"name": "heavy", "rule": "did(buy, min=2)"}]}""");
        var run = CliKit.Run("tags", "--input", CliKit.TaobaoTrimmed, "--preset", "taobao", "--tags", tags);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("warning: tag 'interest_nothing' skipped", run.Stderr);
        Assert.DoesNotContain("warning: tag 'heavy'", run.Stderr);
    }

    [Fact]
    public void ATagFileRuleOverAnEventTheDataLacksIsAWarning()
    {
        using var tmp = CliKit.Temp();
        var tags = tmp.Of("tags.json");
        File.WriteAllText(tags, """{"tags": [{"name": "typo", "rule": "did(byu, min=2)"}, {"name": "ok", "rule": "did(buy)"}]}""");
        var run = CliKit.Run("tags", "--input", CliKit.TaobaoTrimmed, "--preset", "taobao", "--tags", tags);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("warning: tag 'typo': the event 'byu' does not occur in the data", run.Stderr);
        Assert.DoesNotContain("tag 'ok'", run.Stderr);
    }
}
