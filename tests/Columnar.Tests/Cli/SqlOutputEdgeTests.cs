using System.Text.Json.Nodes;

namespace Columnar.Tests.Cli;

/// <summary>Edge cases of <c>columnar sql</c> output: HUGEINTs, repeated names, SQL with no statement, <c>--</c> and <c>--param</c>.</summary>
public class SqlOutputEdgeTests
{
    private static CliRun Sql(params string[] rest) => CliKit.Run(["sql", .. rest, "--events", "500"]);

    private const string Max = "170141183460469231731687303715884105727";

    [Theory]
    [InlineData("table")]
    [InlineData("csv")]
    [InlineData("json")]
    public void TheLargestHugeIntPrintsExactly(string format)
    {
        var run = Sql($"select {Max}::hugeint h, -{Max}::hugeint m", "--format", format);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains(Max, run.Stdout, StringComparison.Ordinal);
        Assert.Contains("-" + Max, run.Stdout, StringComparison.Ordinal);
        if (format == "json")
        {
            var row = JsonNode.Parse(run.Stdout)!.AsArray()[0]!.AsObject();
            Assert.Equal(System.Text.Json.JsonValueKind.Number, row["h"]!.GetValueKind());
            Assert.Equal(Max, row["h"]!.ToJsonString());
        }
    }

    [Fact]
    public void HugeIntsTooLongForParquetAreRefusedAndShortOnesWritten()
    {
        using var tmp = CliKit.Temp();
        var bad = Path.Combine(tmp.Path, "big.parquet");
        var run = Sql($"select {Max}::hugeint h", "--format", "parquet", "--output", bad);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("ANA0004", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(bad));
        var good = Path.Combine(tmp.Path, "sum.parquet");
        run = Sql("select 12345678901234567890123456789012::hugeint h", "--format", "parquet", "--output", good);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.True(File.Exists(good));
    }

    [Fact]
    public void JsonKeysOfRepeatedColumnNamesAreMadeUnique()
    {
        var run = Sql("select 1 x, 2 x, 3 x_1, 4 x", "--format", "json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        var row = JsonNode.Parse(run.Stdout)!.AsArray()[0]!.AsObject();
        Assert.Equal(["x", "x_2", "x_1", "x_3"], row.Select(p => p.Key));
        Assert.Equal([1, 2, 3, 4], row.Select(p => (int)p.Value!));
    }

    [Fact]
    public void ParquetRefusesARepeatedColumnNameNamingIt()
    {
        using var tmp = CliKit.Temp();
        var path = Path.Combine(tmp.Path, "d.parquet");
        var run = Sql("select 1 n, 2 x, 3 X", "--format", "parquet", "--output", path);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("the column name 'x' 2 times", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("columnar_arrow_scan", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Theory]
    [InlineData(" ; ; ")]
    [InlineData("/* c */")]
    [InlineData("-- only a comment\n;")]
    public void SqlWithNoStatementIsAUsageErrorBeforeLoading(string sql)
    {
        var run = CliKit.Run("sql", "--input", CliKit.TaobaoTrimmed, "--preset", "taobao", "--", sql);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no statement", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("loaded", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ALoneDoubleDashEndsTheOptions()
    {
        var run = CliKit.Run("sql", "--events", "500", "--format", "csv", "--", "-- a comment\nselect 1 as one");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("one\n1\n", run.Stdout);
        // Without the `--` the comment reads as an unknown option.
        Assert.Equal(2, CliKit.Run("sql", "--events", "500", "-- a comment\nselect 1").ExitCode);
        // After `--` an option-like argument is positional: here a second query, so a usage error.
        var two = CliKit.Run("sql", "--events", "500", "--", "select 1", "--format");
        Assert.Equal(2, two.ExitCode);
        Assert.Contains("one query argument", two.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void OnlyCanonicalIntegersBindAsBigint()
    {
        var run = Sql("select $a a, $b b, $c c, $d d, $e e, $f f", "--format", "json",
            "--param", "a=007", "--param", "b=+7", "--param", "c=-0", "--param", "d=-12", "--param", "e=9223372036854775808", "--param", "f=0");
        Assert.True(run.ExitCode == 0, run.Stderr);
        var row = JsonNode.Parse(run.Stdout)!.AsArray()[0]!.AsObject();
        Assert.Equal("007", (string)row["a"]!);
        Assert.Equal("+7", (string)row["b"]!);
        Assert.Equal("-0", (string)row["c"]!);
        Assert.Equal(-12, (long)row["d"]!);
        Assert.Equal("9223372036854775808", (string)row["e"]!);
        Assert.Equal(0, (long)row["f"]!);
    }

    [Theory]
    [InlineData("table")]
    [InlineData("json")]
    public void AUnionIsAnErrorNotACrash(string format)
    {
        var run = Sql("select union_value(k := 1) u", "--format", format);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("ANA0004", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("UNION", run.Stderr, StringComparison.Ordinal);
    }
}
