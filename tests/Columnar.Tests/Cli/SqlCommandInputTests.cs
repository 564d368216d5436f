namespace Columnar.Tests.Cli;

/// <summary><c>columnar sql</c> with parameters, empty queries and several statements.</summary>
public class SqlCommandInputTests
{
    private static CliRun Sql(params string[] rest) =>
        CliKit.Run(["sql", .. rest, "--input", CliKit.TaobaoTrimmed, "--preset", "taobao"]);

    private static readonly long Buys = File.ReadLines(CliKit.TaobaoTrimmed).Count(l => l.Split(',')[3] == "buy");

    [Fact]
    public void AMissingParameterIsADataErrorNamingIt()
    {
        var run = Sql("select * from events where event = $ev");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("ANA0004", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("$ev, which was not given", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ParamBindsByName()
    {
        var run = Sql("select count(*) as n from events where event = $ev", "--param", "ev=buy", "--format", "csv");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal($"n\n{Buys}\n", run.Stdout);
        Assert.Equal(2, Sql("select 1", "--param", "novalue").ExitCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void EmptySqlIsAUsageError(string sql)
    {
        var run = Sql(sql);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("empty", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryStatementRunsAndALaterErrorFailsTheRun()
    {
        var ok = Sql("select 1 as a; select 2 as b");
        Assert.Equal(0, ok.ExitCode);
        Assert.Contains("a\n-\n1\n(1 row)\n\nb\n-\n2\n(1 row)\n", ok.Stdout, StringComparison.Ordinal);

        var bad = Sql("select 1 as a; select * from nosuch");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("a\n-\n1\n(1 row)\n", bad.Stdout, StringComparison.Ordinal);
        Assert.Contains("in statement 2 of 2: select * from nosuch", bad.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void OneResultFormatsRefuseSeveralStatements()
    {
        var run = Sql("select 1; select 2", "--format", "csv");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("several statements", run.Stderr, StringComparison.Ordinal);
    }
}

/// <summary><c>columnar sql</c> output of nested values, blobs and intervals in every format.</summary>
public class SqlCommandNestedOutputTests
{
    private const string Query = "select [1,2] l, {'a':1} s, 'x'::blob b, interval 3 day i";

    private static CliRun Sql(params string[] rest) =>
        CliKit.Run(["sql", Query, "--input", CliKit.TaobaoTrimmed, "--preset", "taobao", .. rest]);

    [Fact]
    public void CsvAndTableShowDuckDbText()
    {
        var csv = Sql("--format", "csv");
        Assert.Equal(0, csv.ExitCode);
        Assert.Equal("l,s,b,i\n\"[1, 2]\",{'a': 1},\\x78,3 days\n", csv.Stdout);
        var table = Sql();
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("[1, 2]  {'a': 1}  \\x78  3 days", table.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", table.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void JsonHasRealArraysAndObjects()
    {
        var run = Sql("--format", "json");
        Assert.Equal(0, run.ExitCode);
        using var doc = System.Text.Json.JsonDocument.Parse(run.Stdout);
        var row = doc.RootElement[0];
        Assert.Equal([1, 2], row.GetProperty("l").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(1, row.GetProperty("s").GetProperty("a").GetInt32());
        Assert.Equal("\\x78", row.GetProperty("b").GetString());
        Assert.Equal("3 days", row.GetProperty("i").GetString());
    }

    [Theory]
    [InlineData("parquet")]
    [InlineData("arrow")]
    public void FilesRefuseNestedColumns(string format)
    {
        using var tmp = CliKit.Temp();
        var path = tmp.Of("out." + format);
        var run = Sql("--format", format, "--output", path);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("cannot write 'l' (LIST), 's' (STRUCT)", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }
}
