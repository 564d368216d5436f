using System.Diagnostics;

namespace Columnar.Tests.Cli;

/// <summary>Exit codes 0/1/2, and that errors go to stderr with nothing on stdout.</summary>
public class CliExitCodeTests
{
    [Theory]
    [InlineData("bogus")]
    [InlineData("report", "--bogus")]
    [InlineData("report", "--bogus=1")]
    [InlineData("info", "--funnel", "a,b")] // a report option on info
    [InlineData("report", "--events", "abc")]
    [InlineData("report", "--events", "0")]
    [InlineData("report", "--events")] // missing value
    [InlineData("report", "--format", "xml")]
    [InlineData("report", "--format", "arrow")] // arrow needs --output
    [InlineData("report", "--format", "parquet")]
    [InlineData("report", "--json", "--format", "csv")]
    [InlineData("report", "--period", "year")]
    [InlineData("report", "--periods", "0")]
    [InlineData("report", "--window", "2x")]
    [InlineData("report", "--window", "0h")]
    [InlineData("report", "--timeout", "-5m")]
    [InlineData("report", "--funnel", "a,,b")]
    [InlineData("report", "--from", "2025-13-01")]
    [InlineData("report", "--from", "2025-01-01", "--from", "2025-01-02")]
    [InlineData("report", "--seed", "x")]
    [InlineData("report", "--on-error", "maybe", "--input", "x.csv", "--preset", "taobao")]
    [InlineData("report", "--engine", "spark")] // without --events: must fail before generating the 1,000,000 default events
    [InlineData("report", "--preset", "nope")]
    [InlineData("report", "--input", "x.csv")] // no preset nor mapping
    [InlineData("report", "--input", "x.csv", "--preset", "taobao", "--events", "5")]
    [InlineData("report", "extra")]
    [InlineData("info", "--json")] // report's flag on info
    [InlineData("info", "--input", "x.csv", "--map", "user=u;time=t;event=e;time-zone=Mars/Olympus_Mons")] // before loading, as --tz
    [InlineData("quality", "--input", "x.csv", "--preset", "taobao", "--time-start", "2017-12-25", "--time-end", "2017-12-03")] // before loading
    public void UsageErrorsExit2WithAMessageOnStderrOnly(params string[] args)
    {
        var run = CliKit.Run(args);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.StartsWith("columnar: ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("run 'columnar --help' for usage", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void UsageMessagesNameTheProblem()
    {
        Assert.Contains("unknown command 'bogus'", CliKit.Run("bogus").Stderr, StringComparison.Ordinal);
        Assert.Contains("unknown option --bogus", CliKit.Run("report", "--bogus").Stderr, StringComparison.Ordinal);
        Assert.Contains("--events expects an integer", CliKit.Run("report", "--events", "abc").Stderr, StringComparison.Ordinal);
        Assert.Contains("--format arrow needs --output", CliKit.Run("report", "--format", "arrow").Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void HelpGoesToStdoutWithExit0()
    {
        var run = CliKit.Run("--help");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Commands:", run.Stdout, StringComparison.Ordinal);
        Assert.Equal("", run.Stderr);
    }

    // Fixed: without arguments the usage went to stdout (exit 2); a usage error keeps stdout empty.
    [Fact]
    public void NoArgumentsIsAUsageErrorWithTheUsageOnStderr()
    {
        var run = CliKit.Run();
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Contains("Commands:", run.Stderr, StringComparison.Ordinal);
    }

    // Fixed: these bad values crashed (unhandled OverflowException / ArgumentException, exit 134) or failed with exit 1
    // after loading the data; they are usage errors, found before any loading.
    [Theory]
    [InlineData("--window", "99999999999d")] // overflowed TimeSpan
    [InlineData("--timeout", "99999999999999w")]
    [InlineData("--window", "0.0000001s")] // below the microsecond resolution
    [InlineData("--periods", "1001")] // above RetentionDefinition.MaxPeriods
    [InlineData("--output=", "--json")] // empty file name
    [InlineData("--from", "2025-02-01", "--to", "2025-01-31")] // from after to
    [InlineData("--tz", "Mars/Olympus_Mons")] // unknown time zone
    [InlineData("--engine", "spark")] // was checked after the data was generated
    [InlineData("--on-error", "quarantine")] // was ignored without --input
    [InlineData("--rejects", "r.csv")]
    public void BadValuesThatUsedToCrashOrLoadFirstAreUsageErrors(params string[] options)
    {
        var run = CliKit.Run(["report", "--events", "2000", .. options]);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.DoesNotContain("loaded", run.Stderr, StringComparison.Ordinal); // rejected before generating the data
        Assert.DoesNotContain("Exception", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("run 'columnar --help' for usage", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFileExits1WithCol0001NamingTheFile()
    {
        using var tmp = CliKit.Temp();
        var missing = tmp.Of("no-such-file.csv");
        var run = CliKit.Run("report", "--input", missing, "--preset", "taobao");
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Contains("COL0001", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("no-such-file.csv", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("run 'columnar --help'", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void VerbatimTruncatedTaobaoExits1WithCol0007AndTheLineNumber()
    {
        // The file has 84,475 whole lines, then a cut one: line 84,476 (counted independently when collected).
        var lines = File.ReadAllText(CliKit.TaobaoTruncated).Split('\n');
        Assert.Equal(84476, lines.Length);
        Assert.Equal(4, lines[^1].Split(',').Length);

        var run = CliKit.Run("report", "--input", CliKit.TaobaoTruncated, "--preset", "taobao", "--json");
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Contains("COL0007", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("line 84476", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("UserBehavior.csv", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void QuarantineLoadsTheWholeRowsAndWritesTheCutOneToTheRejectsFile()
    {
        using var tmp = CliKit.Temp();
        var rejects = tmp.Of("rejects/taobao.rejects.csv");
        var run = CliKit.Run("report", "--input", CliKit.TaobaoTruncated, "--preset", "taobao", "--on-error", "quarantine", "--rejects", rejects, "--json");
        Assert.True(run.ExitCode == 0, run.Stderr);

        long read = run.StderrCount("read"), loaded = run.StderrCount("loaded"), rejected = run.StderrCount("rejected");
        Assert.Equal(84476, read);
        Assert.Equal(84475, loaded);
        Assert.Equal(1, rejected);
        Assert.Equal(read, loaded + rejected);
        Assert.Contains("COL0007", run.Stderr, StringComparison.Ordinal);
        Assert.Contains(rejects, run.Stderr, StringComparison.Ordinal);

        Assert.True(File.Exists(rejects));
        var rows = File.ReadAllLines(rejects);
        Assert.Equal(2, rows.Length); // header + the one rejected row
        Assert.StartsWith("84476,COL0007,", rows[1], StringComparison.Ordinal);

        // the JSON load section agrees with stderr
        CliKit.AssertValid(run.Stdout);
        var load = run.Json()["load"]!;
        Assert.Equal(read, (long)load["rows_read"]!);
        Assert.Equal(loaded, (long)load["rows_loaded"]!);
        Assert.Equal(rejected, (long)load["rows_rejected"]!);
        Assert.Equal(1, (long)load["rejects_by_code"]!["COL0007"]!);
        Assert.Equal(rejects, (string)load["rejects_path"]!);
        Assert.Equal(84475, (long)run.Json()["dataset"]!["events"]!);
    }

    [Fact]
    public void UnknownBreakdownPropertyIsAnAnalysisErrorExit1()
    {
        var run = CliKit.Run("report", "--events", "2000", "--breakdown", "no_such_property");
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Contains("ANA0002", run.Stderr, StringComparison.Ordinal);
    }

    // Fixed: a Parquet write failure (DuckDB's IO error) escaped as an unhandled exception (exit 134).
    [Fact]
    public void UnwritableOutputExits1WithAMessage()
    {
        using var tmp = CliKit.Temp();
        var blocker = tmp.Of("file");
        File.WriteAllText(blocker, "not a folder");
        foreach (var format in new[] { "parquet", "arrow", "json" })
        {
            var run = CliKit.Run("report", "--events", "2000", "--format", format, "--output", Path.Combine(blocker, "r." + format));
            Assert.True(run.ExitCode == 1, $"{format}: exit {run.ExitCode}\n{run.Stderr}");
            Assert.Contains("columnar: error", run.Stderr, StringComparison.Ordinal);
            Assert.Equal("", run.Stdout);
        }
    }

    // Fixed: the load line, the table report and info followed the machine's culture ("20.000", "14,25 bytes/event").
    [Fact]
    public void OutputIsTheSameWhateverTheCulture()
    {
        var saved = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
            var info = CliKit.RunOk("info", "--events", "2000");
            Assert.Contains("read 2,000 rows, loaded 2,000, rejected 0", info.Stderr, StringComparison.Ordinal);
            Assert.Matches(@"\nevents +2,000\n", info.Stdout);
            Assert.Matches(@"= [0-9]+\.[0-9]{2} bytes/event", info.Stdout);
            Assert.Equal("de-DE", System.Globalization.CultureInfo.CurrentCulture.Name); // restored for the caller
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void TheExecutableSeparatesStdoutAndStderr()
    {
        // The real program (Console streams), as a process: JSON alone on stdout, the load line on stderr.
        var dll = Path.Combine(AppContext.BaseDirectory, "Columnar.Cli.dll");
        var (code, stdout, stderr) = Exec(dll, "report", "--events", "2000", "--json");
        Assert.True(code == 0, stderr);
        CliKit.AssertValid(stdout);
        Assert.Contains("read 2", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("columnar:", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", stderr); // no progress when stderr is not a terminal

        (code, stdout, stderr) = Exec(dll, "report", "--bogus");
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains("unknown option --bogus", stderr, StringComparison.Ordinal);
    }

    private static (int Code, string Stdout, string Stderr) Exec(string dll, params string[] args)
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h && File.Exists(h) ? h : "dotnet";
        var info = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        Assert.True(p.WaitForExit(120_000), "the CLI did not exit in 2 minutes");
        return (p.ExitCode, stdout, stderr.Result);
    }
}
