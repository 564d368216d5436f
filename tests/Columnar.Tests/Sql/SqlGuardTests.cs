using Apache.Arrow;
using Columnar.Query;
using Columnar.Sql;
using Columnar.Storage;

namespace Columnar.Tests.Sql;

/// <summary>User SQL cannot break the table's DuckDB engine; parameters of unbindable types and null arguments are refused up front.</summary>
public class SqlGuardTests
{
    private static string Analyses(EventTable table, Engine engine)
    {
        var q = table.Query().Using(engine);
        return string.Join("\n---\n", q.Sessions().Run(), q.Retention().Periods(5).Run(), q.Funnel("view", "buy").Run(), q.Paths("view").Run());
    }

    private static long Count(EventTable table, string from)
    {
        using var r = table.Sql($"select count(*) from {from}");
        return ((Int64Array)r.ToRecordBatch().Column(0)).Values[0];
    }

    [Theory]
    [InlineData("drop view events")]
    [InlineData("drop view users")]
    [InlineData("drop view events; drop view users")]
    [InlineData("create or replace view events as select 1 as x")]
    [InlineData("create or replace temp view events as select 1 as x")]
    [InlineData("create or replace view users as select 1 as x")]
    [InlineData("drop view events; create table events as select 1 as x; create view users as select 2 as y")]
    [InlineData("create table main.events as select 1 as x; create view main.users as select 2 as y")]
    [InlineData("set global TimeZone = 'America/New_York'")]
    public void SqlThatDropsOrReplacesTheTablesChangesOnlyItsOwnCall(string ddl)
    {
        using var table = SqlTestKit.Mixed();
        var kernels = Analyses(table, Engine.Kernels);
        Assert.Equal(kernels, Analyses(table, Engine.DuckDb));
        using (var r = table.Sql(ddl)) r.ToRecordBatch();
        Assert.Equal(kernels, Analyses(table, Engine.DuckDb));
        Assert.Equal(table.EventCount, Count(table, "events"));
        Assert.Equal(table.UserCount, Count(table, "users"));
        Assert.Equal(kernels, Analyses(table, Engine.DuckDb));
        using var zone = table.Sql("select current_setting('TimeZone') as z");
        Assert.Equal("UTC", ((StringArray)zone.ToRecordBatch().Column(0)).GetString(0));
    }

    [Fact]
    public void ADroppedTableIsGoneForTheRestOfItsOwnCallOnly()
    {
        using var table = SqlTestKit.Mixed();
        var e = Assert.Throws<ColumnarException>(() =>
        {
            using var r = table.Sql("drop view events; select count(*) from events");
            r.ToRecordBatch();
        });
        Assert.Equal(ErrorCodes.EngineError, e.Code);
        using (var r = table.Sql("create or replace temp view events as select 1 as x; select count(*) as n from events"))
            Assert.Equal(1, ((Int64Array)r.ToRecordBatch().Column(0)).Values[0]);
        Assert.Equal(table.EventCount, Count(table, "events"));
    }

    [Fact]
    public void ARegisteredNameInASessionComesBackOnTheNextQuery()
    {
        using var session = new SqlSession();
        var batch = new RecordBatch.Builder().Append("v", false, c => c.Int32(b => b.AppendRange([1, 2, 3]))).Build();
        session.Register("t", batch);
        using (var r = session.Query("drop view t")) r.ToRecordBatch();
        using (var r = session.Query("select sum(v) as s from t"))
            Assert.Equal("6", Columnar.Output.ResultFiles.FormatValue(r.ToRecordBatch().Column(0), 0));
        // Registering again under another case replaces the earlier registration (DuckDB matches names in any case).
        session.Register("T", new RecordBatch.Builder().Append("v", false, c => c.Int32(b => b.AppendRange([10]))).Build());
        using (var r = session.Query("select sum(v) as s from t"))
            Assert.Equal("10", Columnar.Output.ResultFiles.FormatValue(r.ToRecordBatch().Column(0), 0));
    }

    [Fact]
    public void AParameterOfAnUnsupportedTypeIsAnArgumentExceptionNamingIt()
    {
        using var table = SqlTestKit.Mixed();
        var e = Assert.Throws<ArgumentException>(() => table.Sql("select $g as g", new Dictionary<string, object?> { ["g"] = new object() }));
        Assert.Contains("$g", e.Message, StringComparison.Ordinal);
        Assert.Contains("System.Object", e.Message, StringComparison.Ordinal);
        Assert.Contains("string, bool", e.Message, StringComparison.Ordinal);
        using var session = new SqlSession();
        Assert.Throws<ArgumentException>(() => session.Query("select $g", new Dictionary<string, object?> { ["g"] = new[] { new object() } }));
        Assert.Throws<ArgumentException>(() => session.Query("select $g", new Dictionary<string, object?> { ["g"] = new int[1, 1] }));
        Assert.Throws<ArgumentException>(() => session.Query("select $g", new Dictionary<string, object?> { ["g"] = new HashSet<int> { 1 } }));
        Assert.Throws<ArgumentException>(() => session.Query("select $g", new Dictionary<string, object?> { ["g"] = TimeSpan.FromHours(1) }));
    }

    public static TheoryData<object?, string> Supported() => new()
    {
        { null, "" },
        { "it's", "it's" },
        { true, "true" },
        { (sbyte)-3, "-3" },
        { (byte)200, "200" },
        { (short)-300, "-300" },
        { (ushort)60000, "60000" },
        { -70000, "-70000" },
        { 4000000000u, "4000000000" },
        { -9000000000L, "-9000000000" },
        { 18000000000000000000UL, "18000000000000000000" },
        { 1.5f, "1.5" },
        { 2.25, "2.25" },
        { 12.345m, "12.345" },
        { new DateTime(2024, 2, 29, 13, 14, 15, DateTimeKind.Utc), "2024-02-29 13:14:15" },
        { new DateOnly(2024, 2, 29), "2024-02-29" },
        { new TimeOnly(13, 14, 15), "13:14:15" },
        { new Guid("0f8fad5b-d9cb-469f-a165-70867728950e"), "0f8fad5b-d9cb-469f-a165-70867728950e" },
        { new[] { 1, 2, 3 }, "[1, 2, 3]" },
        { new[] { "a", "b'c" }, "[a, 'b\\'c']" },
        { new List<long> { 5, 6 }, "[5, 6]" },
        { new int?[] { 1, null }, "[1, NULL]" },
    };

    [Theory]
    [MemberData(nameof(Supported))]
    public void EverySupportedParameterTypeBindsItsValue(object? value, string text)
    {
        using var session = new SqlSession();
        using var r = session.Query("select CAST($p AS VARCHAR) as p", new Dictionary<string, object?> { ["p"] = value });
        var column = (StringArray)r.ToRecordBatch().Column(0);
        Assert.Equal(value is null ? null : text, column.GetString(0));
    }

    [Fact]
    public void NullArgumentsAreArgumentNullExceptions()
    {
        using var session = new SqlSession();
        var batch = new RecordBatch.Builder().Append("v", false, c => c.Int32(b => b.AppendRange([1]))).Build();
        Assert.Equal("batch", Assert.Throws<ArgumentNullException>(() => session.Register("x", (RecordBatch)null!)).ParamName);
        Assert.Equal("batches", Assert.Throws<ArgumentNullException>(() => session.Register("x", (IReadOnlyList<RecordBatch>)null!)).ParamName);
        Assert.Equal("batches", Assert.Throws<ArgumentNullException>(() => session.Register("x", [batch, null!])).ParamName);
        Assert.Equal("name", Assert.Throws<ArgumentNullException>(() => session.Register(null!, batch)).ParamName);
        Assert.Equal("table", Assert.Throws<ArgumentNullException>(() => session.Register((EventTable)null!)).ParamName);
        using var table = SqlTestKit.Mixed();
        Assert.Equal("name", Assert.Throws<ArgumentNullException>(() => session.Register(table, null!)).ParamName);
        Assert.Equal("sql", Assert.Throws<ArgumentNullException>(() => session.Query(null!)).ParamName);
        Assert.Equal("sql", Assert.Throws<ArgumentNullException>(() => table.Sql(null!)).ParamName);
        using var r = table.Sql("select 1 as one");
        Assert.Equal("path", Assert.Throws<ArgumentNullException>(() => r.WriteArrow(null!)).ParamName);
        Assert.Equal("path", Assert.Throws<ArgumentNullException>(() => r.WriteParquet(null!)).ParamName);
        Assert.Throws<ArgumentException>(() => table.Sql("select 1", new Dictionary<string, object?> { ["a"] = new object() }));
    }
}
