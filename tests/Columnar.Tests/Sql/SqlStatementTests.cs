using Apache.Arrow;
using Columnar.Sql;

namespace Columnar.Tests.Sql;

/// <summary>Missing parameters, empty SQL and several statements in one text, through the library.</summary>
public class SqlStatementTests
{
    [Fact]
    public void AMissingParameterIsACodedErrorNamingIt()
    {
        using var t = SqlTestKit.Mixed();
        var e = Assert.Throws<ColumnarException>(() => t.Sql("select * from events where event = $ev and user = $u", new Dictionary<string, object?> { ["u"] = 1 }));
        Assert.Equal(ErrorCodes.EngineError, e.Code);
        Assert.Contains("$ev, which was not given", e.Message, StringComparison.Ordinal);
        Assert.Contains("(given: $u)", e.Message, StringComparison.Ordinal);
        var none = Assert.Throws<ColumnarException>(() => t.Sql("select $a + $b"));
        Assert.Contains("parameters $a, $b, which were not given (given: none)", none.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n ")]
    [InlineData("-- only a comment\n;")]
    public void EmptySqlIsABadOption(string sql)
    {
        using var t = SqlTestKit.Mixed();
        var e = Assert.Throws<ColumnarException>(() => t.Sql(sql));
        Assert.Equal(ErrorCodes.BadOption, e.Code);
        Assert.Contains("the SQL is empty", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SeveralStatementsRunInOrderOnOneConnection()
    {
        using var t = SqlTestKit.Mixed();
        using var r = t.Sql("create temp table x as select 41 as a; select a + 1 as b from x; select 'p;q' as s -- ; not an end\n; select $v as v",
            new Dictionary<string, object?> { ["v"] = 7L });
        Assert.Equal("b", r.Schema.FieldsList[0].Name);
        Assert.Equal(42, ((Int32Array)r.ToRecordBatch().Column(0)).Values[0]);
        Assert.True(r.NextResult());
        Assert.Equal("p;q", ((StringArray)r.ToRecordBatch().Column(0)).GetString(0));
        Assert.True(r.NextResult());
        Assert.Equal(7L, ((Int64Array)r.ToRecordBatch().Column(0)).Values[0]);
        Assert.False(r.NextResult());
    }

    [Fact]
    public void AFailingLaterStatementIsReportedAndNamed()
    {
        using var t = SqlTestKit.Mixed();
        const string sql = "select 1 as a;\nselect  nope from events";
        using var r = t.Sql(sql);
        Assert.Equal(1, ((Int32Array)r.ToRecordBatch().Column(0)).Values[0]);
        var e = Assert.Throws<ColumnarException>(() => r.NextResult());
        Assert.Equal(ErrorCodes.EngineError, e.Code);
        // "nope" is at line 2, column 9 of the whole text.
        Assert.Contains("(at SQL line 2, column 9) in statement 2 of 2: select  nope from events", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("select 1; select 2", 2, new string[0])]
    [InlineData("select ';' as \"a;b\" /* ; */ ; ", 1, new string[0])]
    [InlineData("select $x, $Y, $x, $1, $$ $z $$, '$w'", 1, new[] { "x", "Y" })]
    [InlineData("select $tag$ ; $tag$; select $q", 2, new[] { "q" })]
    [InlineData("select E'a\\';b', 'c\\'; select 2", 2, new string[0])]
    [InlineData("select e'\\'' as x, 'q;' as y", 1, new string[0])]
    public void TheScanSplitsStatementsAndFindsParametersOutsideStringsAndComments(string sql, int statements, string[] parameters)
    {
        var scan = SqlScan.Of(sql);
        Assert.Equal(statements, scan.Statements.Count);
        Assert.Equal(parameters, scan.Parameters);
    }
}
