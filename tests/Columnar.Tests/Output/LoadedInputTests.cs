using Columnar.Ingest;
using Columnar.Profiles;
using Columnar.Storage;
using static Columnar.Tests.Ingest.IngestTestKit;

namespace Columnar.Tests.Output;

/// <summary>Tests that change the process's working directory run alone: a relative path elsewhere would resolve against it.</summary>
[CollectionDefinition("WorkingDirectory", DisableParallelization = true)]
public class WorkingDirectoryCollection;

/// <summary>Library writers never replace the file a live table was loaded from, nor a read-only file.</summary>
[Collection("WorkingDirectory")]
public class LoadedInputTests
{
    private const string Rows = "1,100,10,pv,1511544070\n1,101,10,buy,1511544080\n2,102,11,pv,1511544090\n";

    [Fact]
    public void WritersRefuseTheInputOfALiveTableUntilItIsDisposed()
    {
        using var dir = Temp();
        var input = dir.File("events.csv", Rows);
        var table = EventTable.Load(input, Preset.Taobao);
        using (var all = UserSet.All(table))
        {
            var ex = Assert.Throws<ColumnarException>(() => all.Export(input));
            Assert.Equal("COL0018", ex.Code);
            Assert.Contains("the loaded table came from", ex.Message);
        }
        using (var result = table.Sql("select 1 as x"))
            Assert.Equal("COL0018", Assert.Throws<ColumnarException>(() => result.WriteParquet(input)).Code);
        Assert.Equal(Rows, File.ReadAllText(input));
        // Another name is fine, and once the table is disposed the input may be replaced on purpose.
        using (var all = UserSet.All(table)) all.Export(dir.PathOf("ids.csv"));
        var ids = File.ReadAllLines(dir.PathOf("ids.csv"));
        Assert.Equal(["user_id", "1", "2"], ids);
        using (var all = UserSet.All(table))
        {
            table.Dispose();
            all.Export(input);
        }
        Assert.Equal("user_id", File.ReadAllLines(input)[0]);
    }

    [Fact]
    public void AReadOnlyFileIsNotReplaced()
    {
        if (OperatingSystem.IsWindows()) return;
        using var dir = Temp();
        using var table = EventTable.Load(dir.File("events.csv", Rows), Preset.Taobao);
        var target = dir.File("locked.csv", "keep\n");
        File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        using var all = UserSet.All(table);
        var ex = Assert.Throws<ColumnarException>(() => all.Export(target));
        Assert.Contains("read-only", ex.Message);
        Assert.Equal("keep\n", File.ReadAllText(target));
        File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    [Fact]
    public void ARelativeInputStaysProtectedAfterTheWorkingDirectoryChanges()
    {
        // Registered and released as absolute paths: disposing one table must not release another table's input.
        using var dir = Temp();
        var a = Directory.CreateDirectory(dir.PathOf("a")).FullName;
        var b = Directory.CreateDirectory(dir.PathOf("b")).FullName;
        File.WriteAllText(Path.Combine(a, "x.csv"), Rows);
        File.WriteAllText(Path.Combine(b, "x.csv"), Rows);
        var cwd = Environment.CurrentDirectory;
        try
        {
            Environment.CurrentDirectory = a;
            var ta = EventTable.Load("x.csv", Preset.Taobao);
            Environment.CurrentDirectory = b;
            using var tb = EventTable.Load("x.csv", Preset.Taobao);
            ta.Dispose();
            using var all = UserSet.All(tb);
            Assert.Equal("COL0018", Assert.Throws<ColumnarException>(() => all.Export(Path.Combine(b, "x.csv"))).Code);
            all.Export(Path.Combine(a, "x.csv"));
            Assert.Equal(Rows, File.ReadAllText(Path.Combine(b, "x.csv")));
        }
        finally
        {
            Environment.CurrentDirectory = cwd;
        }
    }

    [Fact]
    public void AnEmptySqlResultWritesAnArrowFileThatLoadsAsNoEvents()
    {
        using var dir = Temp();
        using var table = EventTable.Load(dir.File("events.csv", Rows), Preset.Taobao);
        var path = dir.PathOf("empty.arrow");
        using (var result = table.Sql("select * from events where false")) Assert.Equal(0, result.WriteArrow(path));
        Assert.Equal("ARROW1"u8.ToArray(), File.ReadAllBytes(path)[..6]);
        var ex = Assert.Throws<ColumnarException>(() => EventTable.Load(path, Preset.Custom.With(EventMapping.Parse(["user=user;time=time;event=event"]))));
        Assert.Equal("COL0016", ex.Code);
    }
}
