using Apache.Arrow;

namespace Columnar.Tests.Sql;

/// <summary>Values DuckDB.NET cannot hand over become ANA0004 naming the column; strings inside nested values are quoted as DuckDB
/// quotes them; HUGEINTs keep every digit.</summary>
public class SqlResultEdgeTests
{
    [Theory]
    [InlineData("['a''b', 'c,d', '', NULL, 'NULL']", "['a\\'b', 'c,d', '', NULL, 'NULL']")]
    [InlineData("[' x', 'y ', 'Null', 'a\\b', 'a''\\b', 'p(q)', 'k=v', 'a:b', '[x]', '{x}', 'a\"b', 'plain', 'b c']",
        "[' x', 'y ', 'Null', a\\b, 'a\\'\\\\b', 'p(q)', 'k=v', 'a:b', '[x]', '{x}', 'a\"b', plain, b c]")]
    [InlineData("{'a''b': 'x,y', 'c\\d': '', 'e': 'f'}", "{'a\\'b': 'x,y', 'c\\\\d': '', 'e': f}")]
    [InlineData("map {'k,1': 'v=2', 'n': 'NULL'}", "{'k,1'='v=2', n='NULL'}")]
    [InlineData("[[' x', 'y']]", "[[' x', y]]")]
    [InlineData("[timestamp '2020-01-01 10:00:00']", "['2020-01-01 10:00:00']")]
    [InlineData("[interval 90 minute]", "['01:30:00']")]
    [InlineData("[date '2020-01-01']", "[2020-01-01]")]
    public void StringsInsideNestedValuesAreQuotedAsDuckDbQuotesThem(string expression, string text)
    {
        using var t = SqlTestKit.Mixed();
        using var r = t.Sql($"select {expression} as v");
        Assert.Equal(text, ((StringArray)r.ToRecordBatch().Column(0)).GetString(0));
        using var oracle = t.Sql($"select CAST({expression} AS VARCHAR) as v");
        Assert.Equal(((StringArray)oracle.ToRecordBatch().Column(0)).GetString(0), text);
    }

    [Theory]
    [InlineData("union_value(k := 1)", "'u' of the result is a UNION")]
    [InlineData("[union_value(k := 1)]", "cannot read column 'u' (LIST) of the result")]
    [InlineData("{'a': [1, NULL]}", "cannot read column 'u' (STRUCT) of the result: The list contains null value")]
    [InlineData("{'a': {'b': [NULL]}}", "cannot read column 'u' (STRUCT) of the result")]
    public void UnreadableValuesAreAna0004NamingTheColumn(string expression, string message)
    {
        using var t = SqlTestKit.Mixed();
        var e = Assert.Throws<ColumnarException>(() =>
        {
            using var r = t.Sql($"select 1 as n, {expression} as u");
            r.ToRecordBatch();
        });
        Assert.Equal(ErrorCodes.EngineError, e.Code);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.Contains("CAST(u AS VARCHAR)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HugeIntsUpTo38DigitsAreExactDecimals()
    {
        using var t = SqlTestKit.Mixed();
        using var r = t.Sql("select 12345678901234567890123456789012345678::hugeint as h, -99999999999999999999999999999::hugeint as m");
        var batch = r.ToRecordBatch();
        Assert.Equal("12345678901234567890123456789012345678", Columnar.Output.ResultFiles.FormatValue(batch.Column(0), 0));
        Assert.Equal("-99999999999999999999999999999", Columnar.Output.ResultFiles.FormatValue(batch.Column(1), 0));
    }

    [Fact]
    public void AHugeIntPast38DigitsCannotBeADecimalAndSaysSo()
    {
        using var t = SqlTestKit.Mixed();
        using var r = t.Sql("select 170141183460469231731687303715884105727::hugeint as h");
        var e = Assert.Throws<ColumnarException>(() => r.ToRecordBatch());
        Assert.Equal(ErrorCodes.EngineError, e.Code);
        Assert.Contains("more than the 38 digits", e.Message, StringComparison.Ordinal);
    }
}
