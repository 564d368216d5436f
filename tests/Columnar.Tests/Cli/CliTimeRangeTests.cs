namespace Columnar.Tests.Cli;

/// <summary>Times out of the supported years and extreme date options end with a message and an exit code, never a crash.</summary>
public class CliTimeRangeTests
{
    private const string Map = "user=uid;time=ts;event=name;time-format=epoch-s";

    [Fact]
    public void MillisecondsMappedAsSecondsAreADataErrorWithAHint()
    {
        using var tmp = CliKit.Temp();
        var path = tmp.Of("ms_as_s.csv");
        File.WriteAllText(path, "uid,ts,name\n1,1511544070000,view\n1,1511544080000,buy\n");
        var info = CliKit.Run("info", "--input", path, "--map", Map);
        Assert.Equal(1, info.ExitCode);
        Assert.Contains("COL0004: ms_as_s.csv, line 2, column 'ts': '1511544070000' is year 49868 as epoch-s, outside the supported years 1000 to 9998; "
                        + "is the time-format epoch-ms?", info.Stderr, StringComparison.Ordinal);
        var report = CliKit.Run("report", "--input", path, "--map", Map + ";purchase=buy", "--funnel", "view,buy", "--on-error", "quarantine", "--rejects", tmp.Of("r.csv"));
        Assert.Equal(1, report.ExitCode);
        Assert.Equal((2L, 0L, 2L), (report.StderrCount("read"), report.StderrCount("loaded"), report.StderrCount("rejected")));
        Assert.Contains("COL0016", report.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void EdgeYearsLoadAndEveryCommandRuns()
    {
        using var tmp = CliKit.Temp();
        var path = tmp.Of("edge.csv");
        // 1000-01-01T00:00:00Z and 9998-12-31T23:59:59Z load; 9999-12-31T23:59:59Z and 10000-01-01 are rejected.
        File.WriteAllText(path, "uid,ts,name\n1,-30610224000,view\n1,-30610220400,buy\n2,253370764799,buy\n2,253402300799,buy\n2,253402300800,buy\n");
        var map = Map + ";purchase=buy";
        var info = CliKit.Run("info", "--input", path, "--map", map, "--on-error", "quarantine", "--rejects", tmp.Of("r.csv"));
        Assert.Equal(0, info.ExitCode);
        Assert.Equal((5L, 3L, 2L), (info.StderrCount("read"), info.StderrCount("loaded"), info.StderrCount("rejected")));
        foreach (var zone in new[] { "UTC", "Etc/GMT+12", "Pacific/Kiritimati" })
        foreach (var period in new[] { "day", "week", "month" })
        {
            var report = CliKit.Run("report", "--input", path, "--map", map, "--on-error", "quarantine", "--rejects", tmp.Of("r.csv"),
                "--funnel", "view,buy", "--tz", zone, "--period", period, "--periods", "1000");
            Assert.Equal(0, report.ExitCode);
            var tags = CliKit.Run("tags", "--input", path, "--map", map, "--on-error", "quarantine", "--rejects", tmp.Of("r.csv"), "--tz", zone);
            Assert.Equal(0, tags.ExitCode);
        }
        // In UTC−12 user 1's first event is on local 0999-12-31: the retention cohort shows it.
        var west = CliKit.Run("report", "--input", path, "--map", map, "--on-error", "quarantine", "--rejects", tmp.Of("r.csv"), "--funnel", "view,buy", "--tz", "Etc/GMT+12");
        Assert.Contains("\n0999-12-31      1", west.Stdout, StringComparison.Ordinal);
        Assert.Contains("\n9998-12-31      1", west.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void TheWidestFromAndToCoverAllData()
    {
        var all = CliKit.Run("report", "--input", CliKit.TaobaoTrimmed, "--preset", "taobao");
        Assert.Equal(0, all.ExitCode);
        var lines = File.ReadLines(CliKit.TaobaoTrimmed).Select(l => l.Split(',')).ToArray();
        var users = lines.Select(r => r[0]).Distinct().Count();
        foreach (var bounds in new[] { new[] { "--from", "0001-01-01" }, ["--to", "9999-12-31"], ["--from", "0001-01-01", "--to", "9999-12-31"] })
        {
            var run = CliKit.Run(["report", "--input", CliKit.TaobaoTrimmed, "--preset", "taobao", .. bounds]);
            Assert.Equal(0, run.ExitCode);
            Assert.Contains($"{lines.Length:N0} of {lines.Length:N0} events and {users:N0} of {users:N0} users on local dates", run.Stdout, StringComparison.Ordinal);
            // Everything after the two header lines is the unfiltered report.
            Assert.Equal(all.Stdout.Split('\n').Skip(4), run.Stdout.Split('\n').Skip(4));
        }
    }

    [Theory]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("0999-12-31T23:59:59Z")]
    [InlineData("9999-01-01T00:00:00Z")]
    [InlineData("9999-12-31T23:59:59Z")]
    public void AnAsOfOutsideTheSupportedYearsIsAUsageError(string asOf)
    {
        var tags = CliKit.Run("tags", "--input", CliKit.TaobaoTrimmed, "--preset", "taobao", "--as-of", asOf);
        Assert.Equal(2, tags.ExitCode);
        Assert.Contains($"--as-of {asOf} is outside the supported years 1000 to 9998", tags.Stderr, StringComparison.Ordinal);
        var segment = CliKit.Run("segment", "did(buy)", "--input", CliKit.TaobaoTrimmed, "--preset", "taobao", "--as-of", asOf);
        Assert.Equal(2, segment.ExitCode);
    }

    [Fact]
    public void QualityTimeBoundsAtTheEdgesFlagNothing()
    {
        var run = CliKit.Run("quality", "--input", CliKit.TaobaoTrimmed, "--preset", "taobao", "--time-start", "0001-01-01", "--time-end", "9999-12-31");
        Assert.Equal(0, run.ExitCode);
        Assert.Matches(@"TimeOutOfRange +\(all\) +0 +0 +0\.00%", run.Stdout);
    }

    [Fact]
    public void ASegmentWithTheWidestDatesMatchesTheUnboundedOne()
    {
        // Users of the slice with at least one 'buy' row (column 4 is the behaviour), counted from the file.
        var buyers = File.ReadLines(CliKit.TaobaoTrimmed).Select(l => l.Split(',')).Where(r => r[3] == "buy").Select(r => r[0]).Distinct().Count();
        var run = CliKit.Run("segment", "did(buy, from=0001-01-01, to=9999-12-31)", "--input", CliKit.TaobaoTrimmed, "--preset", "taobao");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains($": {buyers:N0} users", run.Stdout, StringComparison.Ordinal);
    }
}
