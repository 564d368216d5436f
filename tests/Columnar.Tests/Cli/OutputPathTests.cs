namespace Columnar.Tests.Cli;

/// <summary>
/// Where commands write, from a new-user trial: no output may overwrite the input, --rejects needs quarantine, a directory in
/// an output's or a tag file's place is named as such, and every --output, --save and --export creates its missing folder.
/// </summary>
public class OutputPathTests
{
    private static string CopyOfTruncatedTaobao(TempFolder tmp)
    {
        var copy = tmp.Of("ub.csv");
        File.Copy(CliKit.TaobaoTruncated, copy);
        return copy;
    }

    private static void AssertRefusedUntouched(CliRun run, string input, byte[] before, params string[] mentions)
    {
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Contains("would overwrite the input", run.Stderr, StringComparison.Ordinal);
        foreach (var m in mentions) Assert.Contains(m, run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("read 84,476 rows", run.Stderr, StringComparison.Ordinal); // refused before loading
        Assert.Equal(before, File.ReadAllBytes(input));
    }

    [Fact]
    public void RejectsNamingTheInputIsAUsageErrorAndTheInputIsUnchanged()
    {
        using var tmp = CliKit.Temp();
        var input = CopyOfTruncatedTaobao(tmp);
        var before = File.ReadAllBytes(input);
        var run = CliKit.Run("info", "--input", input, "--preset", "taobao", "--on-error", "quarantine", "--rejects", input);
        AssertRefusedUntouched(run, input, before, $"--rejects '{input}' is the --input file '{input}'");
    }

    [Fact]
    public void TheInputSpelledAnotherWayIsCaughtToo()
    {
        using var tmp = CliKit.Temp();
        var input = CopyOfTruncatedTaobao(tmp);
        var before = File.ReadAllBytes(input);
        Directory.CreateDirectory(tmp.Of("sub"));
        var viaSub = Path.Combine(tmp.Path, "sub", "..", "ub.csv");
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, input);
        Assert.False(Path.IsPathRooted(relative));
        var run = CliKit.Run("info", "--input", relative, "--preset", "taobao", "--on-error", "quarantine", "--rejects", viaSub);
        AssertRefusedUntouched(run, input, before, $"'{viaSub}' ({input})", $"'{relative}' ({input})");
    }

    public static TheoryData<string[]> OutputsOverTheInput => new()
    {
        { ["report", "--format", "csv", "--output", "{in}"] },
        { ["report", "--format", "json", "--output", "{in}"] },
        { ["sql", "select 1", "--format", "csv", "--output", "{in}"] },
        { ["plan", "infer", "--output", "{in}"] },
        { ["tags", "--save", "{in}"] },
        { ["segment", "all", "--export", "{in}"] },
        { ["quality", "--output", "{in}"] },
    };

    [Theory]
    [MemberData(nameof(OutputsOverTheInput))]
    public void NoOutputMayOverwriteTheInput(string[] command)
    {
        using var tmp = CliKit.Temp();
        var input = CopyOfTruncatedTaobao(tmp);
        var before = File.ReadAllBytes(input);
        // Through a subfolder and back, so only a comparison of full paths sees that it is the input.
        Directory.CreateDirectory(tmp.Of("sub"));
        var same = Path.Combine(tmp.Path, "sub", "..", "ub.csv");
        var run = CliKit.Run([.. command.Select(a => a == "{in}" ? same : a), "--input", input, "--preset", "taobao", "--on-error", "quarantine"]);
        AssertRefusedUntouched(run, input, before, $"is the --input file '{input}'");
    }

    [Theory]
    [InlineData("parquet")]
    [InlineData("arrow")]
    public void ASectionFileOfReportThatIsTheInputIsRefused(string format)
    {
        // --output r.parquet writes r.sessions.parquet: an input of that name must not be replaced.
        using var tmp = CliKit.Temp();
        var input = tmp.Of($"r.sessions.{format}");
        File.Copy(CliKit.TaobaoTrimmed, input);
        var before = File.ReadAllBytes(input);
        var run = CliKit.Run("report", "--input", input, "--input-format", "csv", "--preset", "taobao", "--format", format, "--output", tmp.Of($"r.{format}"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"--output's sessions file '{input}' is the --input file", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(input));
    }

    [Fact]
    public void TwoOutputsNamingOneFileAreAUsageError()
    {
        using var tmp = CliKit.Temp();
        var run = CliKit.Run("report", "--input", CliKit.TaobaoTruncated, "--preset", "taobao", "--on-error", "quarantine",
            "--rejects", tmp.Of("out.csv"), "--format", "csv", "--output", tmp.Of("out.csv"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"--rejects '{tmp.Of("out.csv")}' and --output '{tmp.Of("out.csv")}' are the same file", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(tmp.Of("out.csv")));
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("parquet")]
    [InlineData("arrow")]
    public void ReportOverAnExistingDirectoryIsCol0018ForEveryFormat(string format)
    {
        using var tmp = CliKit.Temp();
        var dir = tmp.Of("out");
        Directory.CreateDirectory(dir);
        var run = CliKit.Run("report", "--events", "2000", "--format", format, "--output", dir);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"COL0018: cannot write '{dir}': it is a directory", run.Stderr, StringComparison.Ordinal);
        // Nothing beside the directory (out.sessions and the like) and nothing in it.
        Assert.Equal(["out"], Directory.GetFileSystemEntries(tmp.Path).Select(Path.GetFileName));
        Assert.Empty(Directory.GetFileSystemEntries(dir));
    }

    [Fact]
    public void RejectsWithoutQuarantineIsAUsageError()
    {
        using var tmp = CliKit.Temp();
        var rejects = tmp.Of("r.csv");
        // taobao fails on the first bad row by default, so --rejects alone would be ignored.
        var alone = CliKit.Run("info", "--input", CliKit.TaobaoTrimmed, "--preset", "taobao", "--rejects", rejects);
        Assert.Equal(2, alone.ExitCode);
        Assert.Contains("--rejects needs --on-error quarantine", alone.Stderr, StringComparison.Ordinal);
        var withFail = CliKit.Run("info", "--input", CliKit.TaobaoTrimmed, "--preset", "taobao", "--on-error", "fail", "--rejects", rejects);
        Assert.Equal(2, withFail.ExitCode);
        Assert.Contains("--rejects needs --on-error quarantine", withFail.Stderr, StringComparison.Ordinal);
        var quality = CliKit.Run("quality", "--input", CliKit.TaobaoTrimmed, "--preset", "taobao", "--on-error", "fail", "--rejects", rejects);
        Assert.Equal(2, quality.ExitCode);
        Assert.Contains("--rejects needs --on-error quarantine", quality.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(rejects));
    }

    [Fact]
    public void RejectsWithAPresetThatQuarantinesByDefaultIsAccepted()
    {
        // quality quarantines by default; 1 truncated last row (dataset README) goes to the rejects file.
        using var tmp = CliKit.Temp();
        var rejects = tmp.Of("r.csv");
        CliKit.RunOk("quality", "--input", CliKit.TaobaoTruncated, "--preset", "taobao", "--rejects", rejects);
        Assert.Equal(2, File.ReadAllLines(rejects).Length); // header + the cut row
    }

    [Fact]
    public void ADirectoryAsTagFileSaysItIsADirectory()
    {
        using var tmp = CliKit.Temp();
        var run = CliKit.Run("tags", "--input", CliKit.TaobaoTrimmed, "--preset", "taobao", "--tags", tmp.Path);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"COL0001: {tmp.Path}: it is a directory, not a tag file", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("not found", run.Stderr, StringComparison.Ordinal);
    }

    public static TheoryData<string[], string> WritesIntoNewFolders => new()
    {
        { ["sql", "select count(*) as n from events", "--format", "csv", "--output", "{out}"], "n\n84475\n" },
        { ["sql", "select count(*) as n from events", "--format", "parquet", "--output", "{out}"], "" },
        { ["plan", "infer", "--output", "{out}"], "" },
        { ["tags", "--save", "{out}"], "" },
        { ["segment", "all", "--export", "{out}"], "" },
        { ["quality", "--output", "{out}"], "" },
    };

    [Theory]
    [MemberData(nameof(WritesIntoNewFolders))]
    public void EveryOutputCreatesItsMissingFolderLikeReportDoes(string[] command, string expected)
    {
        using var tmp = CliKit.Temp();
        var output = Path.Combine(tmp.Path, "new", "deeper", "out" + (command.Contains("parquet") ? ".parquet" : command[0] == "segment" ? ".csv" : ".txt"));
        CliKit.RunOk([.. command.Select(a => a == "{out}" ? output : a), "--input", CliKit.TaobaoTrimmed, "--preset", "taobao"]);
        Assert.True(File.Exists(output));
        if (expected.Length > 0) Assert.Equal(expected, File.ReadAllText(output));
    }

    [Fact]
    public void PlanInferPrintsTheLoadLineOnce()
    {
        var run = CliKit.RunOk("plan", "infer", "--input", CliKit.TaobaoTrimmed, "--preset", "taobao");
        Assert.Single(run.Stderr.Split('\n'), l => l.Contains("read 84,475 rows", StringComparison.Ordinal));
    }

    [Fact]
    public void TagsDiffAndSaveMayNameOneSnapshot()
    {
        // The older snapshot is read before --save replaces it: diff, then roll forward.
        using var tmp = CliKit.Temp();
        var snap = tmp.Of("s.snap");
        CliKit.RunOk("tags", "--input", CliKit.TaobaoTrimmed, "--preset", "taobao", "--as-of", "2017-11-30T00:00:00Z", "--save", snap);
        var older = File.ReadAllBytes(snap);
        var run = CliKit.RunOk("tags", "--input", CliKit.TaobaoTrimmed, "--preset", "taobao", "--diff", snap, "--save", snap, "--json");
        Assert.NotEmpty(run.Json()["diff"]!.AsArray()); // against 11-30, not against itself
        Assert.NotEqual(older, File.ReadAllBytes(snap));
    }

    [Theory]
    [MemberData(nameof(OutputsOverTheInput))]
    public void NoOutputMayOverwriteTheInputThroughASymlinkedFolder(string[] command)
    {
        if (OperatingSystem.IsWindows()) return;
        using var tmp = CliKit.Temp();
        var input = CopyOfTruncatedTaobao(tmp);
        var before = File.ReadAllBytes(input);
        // The link is a folder above the file name, which following a link at the name alone does not see.
        Directory.CreateSymbolicLink(tmp.Of("link"), tmp.Path);
        var same = Path.Combine(tmp.Path, "link", "ub.csv");
        var run = CliKit.Run([.. command.Select(a => a == "{in}" ? same : a), "--input", input, "--preset", "taobao", "--on-error", "quarantine"]);
        AssertRefusedUntouched(run, input, before, $"'{same}' is the --input file '{input}'");
    }

    [Fact]
    public void RejectsThroughASymlinkedFolderOrAHardLinkIsRefused()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var tmp = CliKit.Temp();
        var input = CopyOfTruncatedTaobao(tmp);
        var before = File.ReadAllBytes(input);
        Directory.CreateSymbolicLink(tmp.Of("link"), tmp.Path);
        var viaLink = CliKit.Run("info", "--input", input, "--preset", "taobao", "--on-error", "quarantine", "--rejects", tmp.Of("link/ub.csv"));
        AssertRefusedUntouched(viaLink, input, before, "--rejects");
        using (var ln = System.Diagnostics.Process.Start("ln", [input, tmp.Of("hard.csv")])) ln.WaitForExit();
        var viaHardLink = CliKit.Run("report", "--input", input, "--preset", "taobao", "--format", "csv", "--output", tmp.Of("hard.csv"));
        AssertRefusedUntouched(viaHardLink, input, before, $"--output '{tmp.Of("hard.csv")}' is the --input file");
    }

    [Fact]
    public void TwoOutputsThroughASymlinkedFolderAreAUsageError()
    {
        if (OperatingSystem.IsWindows()) return;
        using var tmp = CliKit.Temp();
        Directory.CreateSymbolicLink(tmp.Of("link"), tmp.Path);
        var run = CliKit.Run("report", "--input", CliKit.TaobaoTruncated, "--preset", "taobao", "--on-error", "quarantine",
            "--rejects", tmp.Of("out.csv"), "--format", "csv", "--output", tmp.Of("link/out.csv"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"--rejects '{tmp.Of("out.csv")}' and --output '{tmp.Of("link/out.csv")}' are the same file", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(tmp.Of("out.csv")));
    }

    public static TheoryData<string[]> OutputsOverATagFilesUserTable => new()
    {
        { ["tags", "--save", "{u}"] },
        { ["segment", "all", "--export", "{u}"] },
        { ["tags", "--on-error", "quarantine", "--rejects", "{u}"] },
    };

    [Theory]
    [MemberData(nameof(OutputsOverATagFilesUserTable))]
    public void NoOutputMayOverwriteAUserTableTheTagFileReads(string[] command)
    {
        using var tmp = CliKit.Temp();
        File.WriteAllText(tmp.Of("u.csv"), "user_id,age\n1,20\n");
        File.WriteAllText(tmp.Of("t2.json"), """{"tags":[{"attributes":"u.csv"}]}""");
        var before = File.ReadAllBytes(tmp.Of("u.csv"));
        // Named relative to the current folder, while the tag file names it relative to its own.
        var user = Path.GetRelativePath(Environment.CurrentDirectory, tmp.Of("u.csv"));
        var run = CliKit.Run([.. command.Select(a => a == "{u}" ? user : a), "--input", CliKit.TaobaoTruncated, "--preset", "taobao", "--tags", tmp.Of("t2.json")]);
        AssertRefusedUntouched(run, tmp.Of("u.csv"), before, $"is the --tags attributes file '{tmp.Of("u.csv")}'");
    }

    [Fact]
    public void RejectsMayNotReplaceTheSnapshotToDiff()
    {
        // Unlike --save, --rejects is written while loading, before the older snapshot is read.
        using var tmp = CliKit.Temp();
        var snap = tmp.Of("s.snap");
        CliKit.RunOk("tags", "--input", CliKit.TaobaoTrimmed, "--preset", "taobao", "--save", snap);
        var before = File.ReadAllBytes(snap);
        var run = CliKit.Run("tags", "--input", CliKit.TaobaoTruncated, "--preset", "taobao", "--on-error", "quarantine", "--diff", snap, "--rejects", snap);
        AssertRefusedUntouched(run, snap, before, $"--rejects '{snap}' is the --diff file '{snap}'");
    }

    [Fact]
    public void ReportWritesThroughASymbolicLink()
    {
        if (OperatingSystem.IsWindows()) return;
        using var tmp = CliKit.Temp();
        File.WriteAllText(tmp.Of("real.csv"), "old\n");
        File.CreateSymbolicLink(tmp.Of("lnk.csv"), "real.csv");
        CliKit.RunOk("report", "--input", CliKit.TaobaoTrimmed, "--preset", "taobao", "--format", "csv", "--output", tmp.Of("lnk.csv"));
        Assert.Equal("real.csv", new FileInfo(tmp.Of("lnk.csv")).LinkTarget);
        Assert.StartsWith("# sessions\n", File.ReadAllText(tmp.Of("real.csv")), StringComparison.Ordinal);
    }
}
