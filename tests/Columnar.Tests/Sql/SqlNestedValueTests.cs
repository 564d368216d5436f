using Apache.Arrow;

namespace Columnar.Tests.Sql;

/// <summary>Lists, structs, maps, blobs and intervals come out of a SQL result as readable text, never .NET type names.</summary>
public class SqlNestedValueTests
{
    [Theory]
    [InlineData("[1, 2]", "[1, 2]")]
    [InlineData("['a', 'b c', NULL]", "[a, b c, NULL]")]
    [InlineData("[[1], [2, 3]]", "[[1], [2, 3]]")]
    [InlineData("[NULL]::INTEGER[]", "[NULL]")]
    [InlineData("[1, 2]::INTEGER[2]", "[1, 2]")]
    [InlineData("{'a': 1, 'b': 'x', 'c': [1.5]}", "{'a': 1, 'b': x, 'c': [1.5]}")]
    [InlineData("map {'k': 'v'}", "{k=v}")]
    [InlineData("map {1: [2]}", "{1=[2]}")]
    [InlineData("'xy'::BLOB", "\\x78\\x79")]
    [InlineData("'\\xAA'::BLOB", "\\xAA")]
    [InlineData("interval 3 day", "3 days")]
    [InlineData("interval 14 month + interval 1 day + interval 90 minute", "1 year 2 months 1 day 01:30:00")]
    [InlineData("-interval 90 minute", "-01:30:00")]
    [InlineData("interval '1.5 seconds'", "00:00:01.5")]
    public void ValuesReadAsDuckDbWritesThem(string expression, string text)
    {
        using var t = SqlTestKit.Mixed();
        using var r = t.Sql($"select {expression} as v");
        Assert.Equal(text, ((StringArray)r.ToRecordBatch().Column(0)).GetString(0));
        // DuckDB's own cast to VARCHAR is the oracle (blobs aside, whose printable bytes DuckDB leaves as they are).
        if (!expression.EndsWith("BLOB", StringComparison.Ordinal))
        {
            using var oracle = t.Sql($"select CAST({expression} AS VARCHAR) as v");
            Assert.Equal(((StringArray)oracle.ToRecordBatch().Column(0)).GetString(0), text);
        }
    }

    [Fact]
    public void NestedColumnsAreRefusedByArrowAndParquetFiles()
    {
        using var t = SqlTestKit.Mixed();
        var dir = Directory.CreateTempSubdirectory("columnar-nested-");
        try
        {
            foreach (var parquet in new[] { true, false })
            {
                using var r = t.Sql("select 1 as n, [1, 2] as l, {'a': 1} as s");
                var path = Path.Combine(dir.FullName, parquet ? "x.parquet" : "x.arrow");
                var e = Assert.Throws<ColumnarException>(() => parquet ? r.WriteParquet(path) : r.WriteArrow(path));
                Assert.Equal(ErrorCodes.BadOption, e.Code);
                Assert.Contains("cannot write 'l' (LIST), 's' (STRUCT)", e.Message, StringComparison.Ordinal);
                Assert.False(File.Exists(path));
            }
        }
        finally
        {
            dir.Delete(true);
        }
    }
}
