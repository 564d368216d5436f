using System.Diagnostics;
using Columnar.Output;
using Columnar.Tests.Cli;

namespace Columnar.Tests.Output;

/// <summary>
/// Where <see cref="OutputFile"/> writes and what it calls the same file: a symbolic link is written through (the link stays a
/// link), a FIFO or device is written as a stream (never replaced), and two names of one file are one file, whichever folder
/// or hard link they go through. Unix only (links, FIFOs and /dev/null); the tests return at once elsewhere.
/// </summary>
public class OutputFileTests
{
    private static void Shell(string program, params string[] args)
    {
        using var p = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{program} {string.Join(' ', args)}: {p.StandardError.ReadToEnd()}");
    }

    private static string FileType(string path)
    {
        using var p = Process.Start(new ProcessStartInfo("stat", ["-c", "%F", path]) { RedirectStandardOutput = true })!;
        var type = p.StandardOutput.ReadToEnd().Trim();
        p.WaitForExit();
        return type;
    }

    [Fact]
    public void ASymbolicLinkIsWrittenThroughAndStaysALink()
    {
        if (OperatingSystem.IsWindows()) return;
        using var tmp = CliKit.Temp();
        File.WriteAllText(tmp.Of("real.csv"), "old\n");
        File.CreateSymbolicLink(tmp.Of("lnk.csv"), "real.csv");
        OutputFile.WriteText(tmp.Of("lnk.csv"), "new\n");
        Assert.Equal("real.csv", new FileInfo(tmp.Of("lnk.csv")).LinkTarget);
        Assert.Equal("new\n", File.ReadAllText(tmp.Of("real.csv")));
        Assert.Equal(["lnk.csv", "real.csv"], Directory.GetFileSystemEntries(tmp.Path).Select(Path.GetFileName).Order()); // no temp file left
    }

    [Fact]
    public void ADanglingLinkCreatesItsTarget()
    {
        if (OperatingSystem.IsWindows()) return;
        using var tmp = CliKit.Temp();
        File.CreateSymbolicLink(tmp.Of("lnk.csv"), "later.csv");
        OutputFile.WriteText(tmp.Of("lnk.csv"), "x\n");
        Assert.Equal("later.csv", new FileInfo(tmp.Of("lnk.csv")).LinkTarget);
        Assert.Equal("x\n", File.ReadAllText(tmp.Of("later.csv")));
    }

    [Fact]
    public async Task AFifoIsWrittenToNotReplaced()
    {
        if (OperatingSystem.IsWindows()) return;
        using var tmp = CliKit.Temp();
        var fifo = tmp.Of("pipe");
        Shell("mkfifo", fifo);
        // A second name for the FIFO, to release the reader should the FIFO under the first name be replaced.
        Shell("ln", fifo, tmp.Of("pipe.keep"));
        var reader = Task.Run(() => File.ReadAllText(fifo));
        OutputFile.WriteText(fifo, "through the pipe\n");
        var finished = await Task.WhenAny(reader, Task.Delay(TimeSpan.FromSeconds(20))) == reader;
        if (!finished) File.WriteAllText(tmp.Of("pipe.keep"), "");
        Assert.True(finished, "the reader of the FIFO got no end of file");
        Assert.Equal("through the pipe\n", await reader);
        Assert.Equal("fifo", FileType(fifo));
    }

    [Fact]
    public void DevNullStaysACharacterDevice()
    {
        if (OperatingSystem.IsWindows()) return;
        Assert.Equal("character special file", FileType("/dev/null"));
        OutputFile.WriteText("/dev/null", "discarded\n");
        OutputFile.Write("/dev/null", path => File.WriteAllBytes(path, [1, 2, 3]));
        Assert.Equal("character special file", FileType("/dev/null"));
        Assert.Equal("", File.ReadAllText("/dev/null"));
    }

    [Fact]
    public void AFileThroughASymlinkedFolderIsTheSameFile()
    {
        if (OperatingSystem.IsWindows()) return;
        using var tmp = CliKit.Temp();
        Directory.CreateDirectory(tmp.Of("data"));
        File.WriteAllText(tmp.Of("data/in.csv"), "a\n");
        Directory.CreateSymbolicLink(tmp.Of("link"), "data");
        Assert.True(OutputFile.SameFile(tmp.Of("link/in.csv"), tmp.Of("data/in.csv")));
        Assert.True(OutputFile.SameFile(tmp.Of("data/in.csv"), tmp.Of("link/in.csv")));
        // Files that do not exist yet: the folders are resolved, the names compared.
        Assert.True(OutputFile.SameFile(tmp.Of("link/out.csv"), tmp.Of("data/out.csv")));
        Assert.True(OutputFile.SameFile(tmp.Of("link/new/out.csv"), tmp.Of("data/new/out.csv")));
        Assert.False(OutputFile.SameFile(tmp.Of("link/out.csv"), tmp.Of("data/in.csv")));
        Assert.False(OutputFile.SameFile(tmp.Of("link/in.csv"), tmp.Of("in.csv")));
    }

    [Fact]
    public void ADanglingLinkIsTheFileItWouldCreate()
    {
        if (OperatingSystem.IsWindows()) return;
        using var tmp = CliKit.Temp();
        File.CreateSymbolicLink(tmp.Of("lnk.csv"), "later.csv");
        Assert.True(OutputFile.SameFile(tmp.Of("lnk.csv"), tmp.Of("later.csv")));
    }

    [Fact]
    public void AHardLinkIsTheSameFileOnLinux()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var tmp = CliKit.Temp();
        File.WriteAllText(tmp.Of("in.csv"), "a\n");
        Shell("ln", tmp.Of("in.csv"), tmp.Of("other-name.csv"));
        Assert.True(OutputFile.SameFile(tmp.Of("other-name.csv"), tmp.Of("in.csv")));
    }

    [Fact]
    public void DevicesNeverClash()
    {
        // Two outputs to /dev/null, or --input /dev/stdin with --output /dev/stdout on one terminal, replace nothing.
        if (OperatingSystem.IsWindows()) return;
        Assert.False(OutputFile.SameFile("/dev/null", "/dev/null"));
    }
}
