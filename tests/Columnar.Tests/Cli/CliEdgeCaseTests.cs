namespace Columnar.Tests.Cli;

/// <summary>Odd inputs found by a fresh-user trial: each must end with a clear message and the documented exit code.</summary>
public class CliEdgeCaseTests
{
    [Fact]
    public void AFilteredReportHeaderCountsTheEventsInScope()
    {
        // The Taobao slice's 35 rows outside 2017-11-25..2017-12-03 (Asia/Shanghai) are counted from the file by hand-rolled parsing.
        var shanghai = TimeSpan.FromHours(8);
        var lines = File.ReadLines(CliKit.TaobaoTrimmed).Select(l => l.Split(',')).ToArray();
        var inScope = lines.Count(r =>
        {
            var local = DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeSeconds(long.Parse(r[4])).ToOffset(shanghai).DateTime);
            return local >= new DateOnly(2017, 11, 25) && local <= new DateOnly(2017, 12, 3);
        });
        var run = CliKit.Run("report", "--input", CliKit.TaobaoTrimmed, "--preset", "taobao", "--from", "2017-11-25", "--to", "2017-12-03");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"{inScope:N0} of {lines.Length:N0} events and ", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("on local dates 2017-11-25..2017-12-03, time zone Asia/Shanghai", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEmptyFileIsADataErrorNotAnEmptyReport()
    {
        using var tmp = CliKit.Temp();
        var empty = tmp.Of("empty.csv");
        File.WriteAllText(empty, "");
        var run = CliKit.Run("report", "--input", empty, "--preset", "taobao");
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Contains("COL0016", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("no data rows", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryRowRejectedIsADataErrorAndTheCountsStillShow()
    {
        using var tmp = CliKit.Temp();
        var bad = tmp.Of("bad.csv");
        File.WriteAllText(bad, "1,2,3,pv,notatime\n2,2,3,pv,alsobad\n");
        var run = CliKit.Run("report", "--input", bad, "--preset", "taobao", "--on-error", "quarantine", "--rejects", tmp.Of("r.csv"));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("read 2 rows, loaded 0, rejected 2", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("COL0016", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(3, File.ReadAllLines(tmp.Of("r.csv")).Length); // header + 2 rejected rows
    }

    [Fact]
    public void AHeaderOnlyFileShowsTheCountsThenCol0016()
    {
        using var tmp = CliKit.Temp();
        var header = tmp.Of("header.csv");
        File.WriteAllText(header, "uid,ts,name\n");
        var run = CliKit.Run("info", "--input", header, "--map", "user=uid;time=ts;event=name;time-format=epoch-s");
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Equal((0L, 0L, 0L), (run.StderrCount("read"), run.StderrCount("loaded"), run.StderrCount("rejected")));
        Assert.Contains("COL0016", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("it holds no data rows", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnclosedQuoteInAFileEndingWithANewlineIsABadQuote()
    {
        using var tmp = CliKit.Temp();
        var file = tmp.Of("quotes.csv");
        File.WriteAllText(file, "1,2,3,pv,1511544070\n2,\"2,3,pv,1511544071\n3,2,3,pv,1511544072\n");
        var run = CliKit.Run("report", "--input", file, "--preset", "taobao");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("COL0012", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("line 2", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void AMappingWithoutAPurchaseEventIsAUsageErrorBeforeLoading()
    {
        using var tmp = CliKit.Temp();
        var file = tmp.Of("e.csv");
        File.WriteAllText(file, "uid,ts,name\na,2024-01-01T00:00:00Z,view\n");
        var run = CliKit.Run("report", "--input", file, "--map", "user=uid;time=ts;event=name", "--funnel", "view");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("purchase=EVENT", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("read 1 rows", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ADirectoryAsInputIsAUsageError()
    {
        using var tmp = CliKit.Temp();
        var run = CliKit.Run("report", "--input", tmp.Path, "--preset", "taobao");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("is a directory", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEmptyDateRangeWarnsOnStderr()
    {
        var run = CliKit.Run("report", "--input", CliKit.TaobaoTrimmed, "--preset", "taobao", "--from", "2020-01-01", "--to", "2020-01-02");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("no events in the selected range", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void FunnelWarningsAlsoGoToStderr()
    {
        var run = CliKit.Run("report", "--input", CliKit.TaobaoTrimmed, "--preset", "taobao", "--funnel", "pv,nope,buy");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("step 2 'nope' does not occur", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void InputFormatForcesTheReader()
    {
        using var tmp = CliKit.Temp();
        var file = tmp.Of("events.data");
        File.WriteAllText(file, "1,2,3,pv,1511544070\n1,2,3,buy,1511544071\n");
        Assert.Equal(1, CliKit.Run("report", "--input", file, "--preset", "taobao").ExitCode); // COL0002: unknown extension
        var run = CliKit.Run("report", "--input", file, "--preset", "taobao", "--input-format", "csv", "--json");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("\"rows_loaded\": 2", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void AnRfmPurchaseEventAbsentFromTheDataIsAWarningOnStderrInEveryFormat()
    {
        var run = CliKit.Run("report", "--input", CliKit.TaobaoTrimmed, "--preset", "taobao", "--map", "purchase=nobuy", "--format", "csv");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("columnar: rfm warning: the purchase event 'nobuy' does not occur in the table", run.Stderr);
        Assert.DoesNotContain("retention warning", run.Stderr);
    }
}
