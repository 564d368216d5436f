using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using Columnar.Ingest;
using Columnar.Storage;
using DuckDB.NET.Data;
using Xunit;
using static Columnar.Tests.Ingest.IngestTestKit;

namespace Columnar.Tests.Ingest;

/// <summary>JSON Lines, Parquet (written by DuckDB) and Arrow IPC (written by Apache.Arrow) round trips.</summary>
public class FormatTests
{
    private static readonly Preset Events = Preset.Synthetic with
    {
        Name = "test",
        IntegerUserIds = false,
        Mapping = EventMapping.Parse(["user=uid;time=ts;time-format=epoch-ms;event=ev;props=country,qty:int64,score:double,flag:bool,seen:timestamp;amount=price"]),
    };

    private static void AssertRoundTrip(EventTable t)
    {
        // Rows sorted by (user, time): u1@1000 view, u1@2000 buy, u2@3000 view.
        Assert.Equal(3, t.EventCount);
        Assert.Equal(2, t.UserCount);
        Assert.Equal([1_000_000L, 2_000_000L, 3_000_000L], t.Times.ToArray());
        Assert.Equal(["view", "buy", "view"], Enumerable.Range(0, 3).Select(i => t.EventNames[t.EventCodes[i]]));
        Assert.Equal([null, "CN", "GB"], Enumerable.Range(0, 3).Select(t.Property("country")!.GetString));
        Assert.Equal([null, 5L, 7L], Enumerable.Range(0, 3).Select(i => (long?)t.Property("qty")!.GetValue(i)));
        Assert.Equal([1.25, 0.5, null], Enumerable.Range(0, 3).Select(i => (double?)t.Property("score")!.GetValue(i)));
        Assert.Equal([false, true, null], Enumerable.Range(0, 3).Select(i => (bool?)t.Property("flag")!.GetValue(i)));
        Assert.Equal([null, new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc), null],
            Enumerable.Range(0, 3).Select(i => (DateTime?)t.Property("seen")!.GetValue(i)));
        Assert.Equal([null, 19.99m, 0.01m], Enumerable.Range(0, 3).Select(i => (decimal?)t.Property("price")!.GetValue(i)));
        Assert.Equal(t.LoadReport!.RowsRead, t.LoadReport.RowsLoaded + t.LoadReport.RowsRejected);
    }

    [Fact]
    public void JsonLinesRoundTrip()
    {
        using var dir = Temp();
        var text = "{\"uid\":\"u1\",\"ts\":2000,\"ev\":\"buy\",\"country\":\"C\\u004E\",\"qty\":5,\"score\":0.5,\"flag\":true,\"seen\":\"2024-01-02T03:04:05Z\",\"price\":19.99,\"extra\":{\"a\":[1,2]}}\r\n" +
                   "\n" +
                   "{\"uid\":\"u1\",\"ts\":1000,\"ev\":\"view\",\"country\":null,\"score\":1.25,\"flag\":false}\n" +
                   "{\"ev\":\"view\",\"ts\":3000,\"uid\":\"u2\",\"country\":\"GB\",\"qty\":\"7\",\"price\":\"0.01\",\"seen\":null}";
        using var t = EventTable.Load(dir.File("e.jsonl", text), Events);
        Assert.Equal(FileFormat.JsonLines, t.LoadReport!.Format);
        Assert.Equal(3, t.LoadReport.RowsRead);
        AssertRoundTrip(t);
        var bad = dir.File("b.ndjson", text.Replace("\"qty\":\"7\"", "\"qty\":\"seven\""));
        var ex = Assert.Throws<ColumnarException>(() => EventTable.Load(bad, Events));
        Assert.Equal(("COL0008", 4L, "qty"), (ex.Code, ex.Line, ex.Column));
        var nested = EventTable.Load(dir.File("n.json", text), Events.With(new EventMapping { Props = "extra" }));
        Assert.Equal("{\"a\":[1,2]}", nested.Property("extra")!.GetString(1));
    }

    [Theory]
    [InlineData("m?.parquet")]
    [InlineData("m*.parquet")]
    [InlineData("m[s].parquet")]
    [InlineData("m'[*?.parquet")]
    public void AParquetFileNameWithGlobCharactersReadsThatFileOnly(string name)
    {
        // DuckDB would read "m?.parquet" as a pattern matching ms.parquet too (every row twice); the name must be taken literally.
        using var dir = Temp();
        var original = dir.PathOf("ms.parquet");
        using (var db = new DuckDBConnection("DataSource=:memory:"))
        {
            db.Open();
            using var cmd = db.CreateCommand();
            cmd.CommandText = $"COPY (SELECT 'u' || (i % 3) AS uid, 1000 * i AS ts, 'view' AS ev FROM range(5) t(i)) TO '{original.Replace("'", "''")}' (FORMAT parquet)";
            cmd.ExecuteNonQuery();
        }
        var copy = dir.PathOf(name);
        File.Copy(original, copy);
        using var t = EventTable.Load(copy, Preset.Custom.With(EventMapping.Parse(["user=uid;time=ts;time-format=epoch-ms;event=ev"])));
        Assert.Equal((5L, 5L), (t.LoadReport!.RowsRead, (long)t.EventCount));
    }

    [Fact]
    public void ParquetRoundTripThroughDuckDb()
    {
        using var dir = Temp();
        var path = dir.PathOf("e.parquet");
        using (var db = new DuckDBConnection("DataSource=:memory:"))
        {
            db.Open();
            using var cmd = db.CreateCommand();
            cmd.CommandText = $"""
                COPY (SELECT * FROM (VALUES
                    ('u1', 2000::BIGINT, 'buy', 'CN', 5, 0.5::DOUBLE, true, TIMESTAMP '2024-01-02 03:04:05', 19.99::DECIMAL(10,2)),
                    (NULL, 1500::BIGINT, 'view', 'FR', 1, 0.0::DOUBLE, true, NULL, NULL),
                    ('u1', 1000::BIGINT, 'view', NULL, NULL, 1.25::DOUBLE, false, NULL, NULL),
                    ('u2', 3000::BIGINT, 'view', 'GB', 7, NULL, NULL, NULL, 0.01::DECIMAL(10,2))
                ) v(uid, ts, ev, country, qty, score, flag, seen, price)) TO '{path.Replace("'", "''")}' (FORMAT parquet)
                """;
            cmd.ExecuteNonQuery();
        }
        var ex = Assert.Throws<ColumnarException>(() => EventTable.Load(path, Events));
        Assert.Equal(("COL0005", 2L, "uid"), (ex.Code, ex.Line, ex.Column));
        Assert.Contains("e.parquet", ex.Message);
        var rejects = dir.PathOf("r.csv");
        using var t = EventTable.Load(path, Events, new LoadOptions { OnError = OnError.Quarantine, RejectsPath = rejects });
        Assert.Equal(FileFormat.Parquet, t.LoadReport!.Format);
        Assert.Equal((4L, 3L, 1L), (t.LoadReport.RowsRead, t.LoadReport.RowsLoaded, t.LoadReport.RowsRejected));
        Assert.StartsWith("2,COL0005,uid,empty user id,", File.ReadAllLines(rejects)[1]);
        AssertRoundTrip(t);
    }

    private static RecordBatch Batch()
    {
        var evType = new DictionaryType(Int32Type.Default, StringType.Default, false);
        var evDict = new StringArray.Builder().Append("view").Append("buy").Build();
        var ev = new DictionaryArray(evType, new Int32Array.Builder().Append(1).Append(0).Append(0).Build(), evDict);
        var seenType = new TimestampType(TimeUnit.Second, "UTC");
        var seen = new TimestampArray.Builder(seenType).Append(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero)).AppendNull().AppendNull().Build();
        var price = new Decimal128Array.Builder(new Decimal128Type(10, 2)).Append(19.99m).AppendNull().Append(0.01m).Build();
        var schema = new Schema.Builder()
            .Field(f => f.Name("uid").DataType(StringType.Default))
            .Field(f => f.Name("ts").DataType(new TimestampType(TimeUnit.Millisecond, "UTC")))
            .Field(f => f.Name("ev").DataType(evType))
            .Field(f => f.Name("country").DataType(StringType.Default))
            .Field(f => f.Name("qty").DataType(Int32Type.Default))
            .Field(f => f.Name("score").DataType(DoubleType.Default))
            .Field(f => f.Name("flag").DataType(BooleanType.Default))
            .Field(f => f.Name("seen").DataType(seenType))
            .Field(f => f.Name("price").DataType(new Decimal128Type(10, 2)))
            .Build();
        var ts = new TimestampArray.Builder(new TimestampType(TimeUnit.Millisecond, "UTC"))
            .Append(DateTimeOffset.FromUnixTimeMilliseconds(2000)).Append(DateTimeOffset.FromUnixTimeMilliseconds(1000)).Append(DateTimeOffset.FromUnixTimeMilliseconds(3000)).Build();
        return new RecordBatch(schema,
        [
            new StringArray.Builder().Append("u1").Append("u1").Append("u2").Build(),
            ts,
            ev,
            new StringArray.Builder().Append("CN").AppendNull().Append("GB").Build(),
            new Int32Array.Builder().Append(5).AppendNull().Append(7).Build(),
            new DoubleArray.Builder().Append(0.5).Append(1.25).AppendNull().Build(),
            new BooleanArray.Builder().Append(true).Append(false).AppendNull().Build(),
            seen,
            price,
        ], 3);
    }

    [Fact]
    public void ArrowIpcFileAndStreamRoundTrip()
    {
        using var dir = Temp();
        var batch = Batch();
        var file = dir.PathOf("e.arrow");
        using (var fs = File.Create(file))
        using (var writer = new ArrowFileWriter(fs, batch.Schema))
        {
            writer.WriteRecordBatch(batch);
            writer.WriteEnd();
        }
        using (var t = EventTable.Load(file, Events))
        {
            Assert.Equal(FileFormat.ArrowIpc, t.LoadReport!.Format);
            AssertRoundTrip(t);
        }
        var stream = dir.PathOf("e.ipc");
        using (var fs = File.Create(stream))
        using (var writer = new ArrowStreamWriter(fs, batch.Schema))
        {
            writer.WriteRecordBatch(batch);
            writer.WriteRecordBatch(batch);
            writer.WriteEnd();
        }
        using var both = EventTable.Load(stream, Events);
        Assert.Equal(6, both.EventCount);
        Assert.Equal(3, both.LoadReport!.DuplicateRows);
        var ex = Assert.Throws<ColumnarException>(() => EventTable.Load(stream, Events.With(new EventMapping { Props = "country:int64" })));
        Assert.Equal(("COL0008", 1L, "country"), (ex.Code, ex.Line, ex.Column));
        // Row numbers continue across batches: non-null countries are rows 1, 3, 4 and 6.
        var rejects = dir.PathOf("r.csv");
        using var quarantined = EventTable.Load(stream, Events.With(new EventMapping { Props = "country:int64" }),
            new LoadOptions { OnError = OnError.Quarantine, RejectsPath = rejects });
        Assert.Equal(["1", "3", "4", "6"], File.ReadAllLines(rejects).Skip(1).Select(l => l.Split(',')[0]));
        Assert.Equal(2, quarantined.EventCount);
    }

    [Fact]
    public void FormatCanBeForced()
    {
        using var dir = Temp();
        var path = dir.File("events.log", "1,100,10,pv,1511544070\n");
        Assert.Equal("COL0002", Assert.Throws<ColumnarException>(() => EventTable.Load(path, Preset.Taobao)).Code);
        using var t = EventTable.Load(path, Preset.Taobao, new LoadOptions { Format = FileFormat.Csv });
        Assert.Equal(1, t.EventCount);
    }
}
