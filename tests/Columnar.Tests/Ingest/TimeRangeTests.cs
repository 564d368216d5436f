using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using Columnar.Ingest;
using Columnar.Storage;
using Columnar.Time;
using DuckDB.NET.Data;
using static Columnar.Tests.Ingest.IngestTestKit;

namespace Columnar.Tests.Ingest;

/// <summary>
/// Event times outside years 1000..9998 are rejected at ingest (COL0004) in every format, so no analysis can overflow
/// DateTime; the bounds were computed by hand: 1000-01-01 is 354,285 days before the epoch (970·365 + 235 leap days) and
/// 9999-01-01 is 2,932,532 days after it (8029·365 + 1947 leap days).
/// </summary>
public class TimeRangeTests
{
    private const long First = -30_610_224_000L;      // 1000-01-01T00:00:00Z, epoch seconds
    private const long Last = 253_370_764_799L;       // 9998-12-31T23:59:59Z

    private static Preset Map(string format) => Preset.Synthetic with
    {
        Name = "test",
        IntegerUserIds = false,
        Mapping = EventMapping.Parse([$"user=uid;time=ts;event=ev;time-format={format}"]),
    };

    private static readonly LoadOptions Quarantine = new() { OnError = OnError.Quarantine };

    [Fact]
    public void TheSupportedRangeIsYears1000To9998()
    {
        Assert.Equal(First * 1_000_000, TimeZones.MinEventMicros);
        Assert.Equal(Last * 1_000_000 + 999_999, TimeZones.MaxEventMicros);
        Assert.Equal(new DateTime(1000, 1, 1, 0, 0, 0, DateTimeKind.Utc), TimeZones.ToDateTime(TimeZones.MinEventMicros));
        Assert.Equal(new DateTime(9999, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(-10), TimeZones.ToDateTime(TimeZones.MaxEventMicros));
    }

    [Fact]
    public void MillisecondsReadAsSecondsAreRejectedWithAHint()
    {
        using var dir = Temp();
        // 1,511,544,070,000 s / 31,556,952 s per mean Gregorian year = 47,898.9 years after 1970: year 49868.
        var path = dir.File("ms_as_s.csv", "uid,ts,ev\n1,1511544070000,view\n1,1511544080000,buy\n");
        var ex = Assert.Throws<ColumnarException>(() => EventTable.Load(path, Map("epoch-s")));
        Assert.Equal("COL0004: ms_as_s.csv, line 2, column 'ts': '1511544070000' is year 49868 as epoch-s, outside the supported years 1000 to 9998; "
                     + "is the time-format epoch-ms?", ex.Message);
        using var ok = EventTable.Load(path, Map("epoch-ms"));
        Assert.Equal([1_511_544_070_000_000L, 1_511_544_080_000_000L], ok.Times.ToArray());
    }

    [Fact]
    public void MicrosecondsReadAsSecondsSuggestEpochUs()
    {
        using var dir = Temp();
        // 1,511,544,070,000,000 s overflows µs; it is 47,898,924.8 mean years (31,556,952 s) after 1970, so year 47900894;
        // as ms it is year 49868, out of range too; as µs it is 2017.
        var ex = Assert.Throws<ColumnarException>(() => EventTable.Load(dir.File("us.csv", "uid,ts,ev\n1,1511544070000000,view\n"), Map("epoch-s")));
        Assert.EndsWith("'1511544070000000' is year 47900894 as epoch-s, outside the supported years 1000 to 9998; is the time-format epoch-us?", ex.Message);
        Assert.Equal("COL0004", ex.Code);
    }

    [Fact]
    public void NanosecondsReadAsMicrosecondsAreRejectedWithAHint()
    {
        using var dir = Temp();
        var ex = Assert.Throws<ColumnarException>(() => EventTable.Load(dir.File("ns.csv", "uid,ts,ev\n1,1511544070000000000,view\n"), Map("epoch-us")));
        Assert.Equal("COL0004: ns.csv, line 2, column 'ts': '1511544070000000000' is year 49868 as epoch-us, outside the supported years 1000 to 9998; "
                     + "are these epoch nanoseconds? epoch-ns is not supported: divide by 1000 and use epoch-us", ex.Message);
    }

    [Fact]
    public void TheBoundsAreInclusiveAndQuarantineReconciles()
    {
        using var dir = Temp();
        var text = "uid,ts,ev\n" +
                   $"a,{First},view\n" +          // 2 ok
                   $"a,{First - 1},view\n" +      // 3 0999-12-31T23:59:59Z
                   $"b,{Last},buy\n" +            // 4 ok
                   $"b,{Last + 1},buy\n" +        // 5 9999-01-01T00:00:00Z
                   "b,253402300799,buy\n" +       // 6 9999-12-31T23:59:59Z
                   "b,253402300800,buy\n";        // 7 10000-01-01
        var path = dir.File("edge.csv", text);
        var first = Assert.Throws<ColumnarException>(() => EventTable.Load(path, Map("epoch-s")));
        Assert.Equal(("COL0004", 3L, "ts"), (first.Code, first.Line, first.Column));
        Assert.EndsWith("'-30610224001' is year 999 as epoch-s, outside the supported years 1000 to 9998", first.Message);

        var rejects = dir.PathOf("edge.rejects.csv");
        using var t = EventTable.Load(path, Map("epoch-s"), new LoadOptions { OnError = OnError.Quarantine, RejectsPath = rejects });
        var r = t.LoadReport!;
        Assert.Equal((6L, 2L, 4L), (r.RowsRead, r.RowsLoaded, r.RowsRejected));
        Assert.Equal(4, r.RejectsByCode["COL0004"]);
        Assert.Equal([First * 1_000_000, Last * 1_000_000], t.Times.ToArray());
        Assert.Equal(["3", "5", "6", "7"], File.ReadAllLines(rejects).Skip(1).Select(l => l.Split(',')[0]));
        Assert.Contains("is year 10000 as epoch-s, outside the supported years 1000 to 9998; is the time-format epoch-ms?", File.ReadAllLines(rejects)[4]);
    }

    [Fact]
    public void IsoTextOutsideTheRangeIsRejectedWithoutAnEpochHint()
    {
        using var dir = Temp();
        var path = dir.File("iso.csv", "uid,ts,ev\n1,0999-12-31T23:59:59Z,view\n1,1000-01-01T00:00:00Z,view\n1,9999-01-01T00:00:00Z,buy\n");
        var ex = Assert.Throws<ColumnarException>(() => EventTable.Load(path, Map("iso")));
        Assert.Equal("COL0004: iso.csv, line 2, column 'ts': '0999-12-31T23:59:59Z' is year 999, outside the supported years 1000 to 9998", ex.Message);
        using var t = EventTable.Load(path, Map("iso"), Quarantine);
        Assert.Equal((3L, 1L, 2L), (t.LoadReport!.RowsRead, t.LoadReport.RowsLoaded, t.LoadReport.RowsRejected));
    }

    [Fact]
    public void JsonLinesGoThroughTheCheck()
    {
        using var dir = Temp();
        var path = dir.File("e.jsonl", "{\"uid\":\"u\",\"ts\":1511544070000,\"ev\":\"view\"}\n{\"uid\":\"u\",\"ts\":1511544080,\"ev\":\"buy\"}\n");
        var ex = Assert.Throws<ColumnarException>(() => EventTable.Load(path, Map("epoch-s")));
        Assert.Equal(("COL0004", 1L, "ts"), (ex.Code, ex.Line, ex.Column));
        Assert.EndsWith("is year 49868 as epoch-s, outside the supported years 1000 to 9998; is the time-format epoch-ms?", ex.Message);
        using var t = EventTable.Load(path, Map("epoch-s"), Quarantine);
        Assert.Equal((2L, 1L, 1L), (t.LoadReport!.RowsRead, t.LoadReport.RowsLoaded, t.LoadReport.RowsRejected));
        Assert.Equal([1_511_544_080_000_000L], t.Times.ToArray());
    }

    [Fact]
    public void ParquetNativeTimestampsAndIntegersGoThroughTheCheck()
    {
        using var dir = Temp();
        var path = dir.PathOf("e.parquet");
        using (var db = new DuckDBConnection("DataSource=:memory:"))
        {
            db.Open();
            using var cmd = db.CreateCommand();
            cmd.CommandText = $"""
                COPY (SELECT * FROM (VALUES
                    ('u', TIMESTAMP '0999-12-31 23:59:59', 1511544070000::BIGINT, 'view'),
                    ('u', TIMESTAMP '1000-01-01 00:00:00', 1511544080::BIGINT, 'view'),
                    ('u', TIMESTAMP '9998-12-31 23:59:59', 1511544090::BIGINT, 'buy'),
                    ('u', TIMESTAMP '9999-06-01 00:00:00', 1511544100::BIGINT, 'buy')
                ) v(uid, ts, secs, ev)) TO '{path.Replace("'", "''")}' (FORMAT parquet)
                """;
            cmd.ExecuteNonQuery();
        }
        var ex = Assert.Throws<ColumnarException>(() => EventTable.Load(path, Map("epoch-s")));
        Assert.Equal(("COL0004", 1L, "ts"), (ex.Code, ex.Line, ex.Column));
        Assert.Contains("is year 999, outside the supported years 1000 to 9998", ex.Message);
        using (var t = EventTable.Load(path, Map("epoch-s"), Quarantine))
        {
            Assert.Equal((4L, 2L, 2L), (t.LoadReport!.RowsRead, t.LoadReport.RowsLoaded, t.LoadReport.RowsRejected));
            Assert.Equal([First * 1_000_000, Last * 1_000_000], t.Times.ToArray());
        }
        var secs = Preset.Synthetic with { Name = "test", IntegerUserIds = false, Mapping = EventMapping.Parse(["user=uid;time=secs;event=ev;time-format=epoch-s"]) };
        var bad = Assert.Throws<ColumnarException>(() => EventTable.Load(path, secs));
        Assert.Equal(("COL0004", 1L, "secs"), (bad.Code, bad.Line, bad.Column));
        Assert.EndsWith("is year 49868 as epoch-s, outside the supported years 1000 to 9998; is the time-format epoch-ms?", bad.Message);
        using var q = EventTable.Load(path, secs, Quarantine);
        Assert.Equal((4L, 3L, 1L), (q.LoadReport!.RowsRead, q.LoadReport.RowsLoaded, q.LoadReport.RowsRejected));
    }

    [Fact]
    public void ArrowIpcTimestampsGoThroughTheCheck()
    {
        using var dir = Temp();
        var type = new TimestampType(TimeUnit.Second, "UTC");
        var schema = new Schema.Builder()
            .Field(f => f.Name("uid").DataType(StringType.Default))
            .Field(f => f.Name("ts").DataType(type))
            .Field(f => f.Name("ev").DataType(StringType.Default))
            .Build();
        // 253,402,300,800 s is 10000-01-01, beyond DateTime: built from raw values.
        var ts = new TimestampArray(type, new ArrowBuffer.Builder<long>().Append(1511544070).Append(253402300800).Append(Last).Build(),
            ArrowBuffer.Empty, 3, 0, 0);
        var batch = new RecordBatch(schema,
        [
            new StringArray.Builder().Append("u").Append("u").Append("u").Build(),
            ts,
            new StringArray.Builder().Append("view").Append("buy").Append("buy").Build(),
        ], 3);
        var path = dir.PathOf("e.arrow");
        using (var fs = File.Create(path))
        using (var writer = new ArrowFileWriter(fs, schema))
        {
            writer.WriteRecordBatch(batch);
            writer.WriteEnd();
        }
        var ex = Assert.Throws<ColumnarException>(() => EventTable.Load(path, Map("iso")));
        Assert.Equal(("COL0004", 2L, "ts"), (ex.Code, ex.Line, ex.Column));
        Assert.Contains("is year 10000, outside the supported years 1000 to 9998", ex.Message);
        using var t = EventTable.Load(path, Map("iso"), Quarantine);
        Assert.Equal((3L, 2L, 1L), (t.LoadReport!.RowsRead, t.LoadReport.RowsLoaded, t.LoadReport.RowsRejected));
        Assert.Equal([1_511_544_070_000_000L, Last * 1_000_000], t.Times.ToArray());
    }

    [Fact]
    public void TheBuilderRefusesTimesOutsideTheRange()
    {
        var b = new EventTableBuilder();
        b.Append("u", TimeZones.MaxEventMicros, "view");
        Assert.Throws<ArgumentOutOfRangeException>(() => b.Append("u", TimeZones.MaxEventMicros + 1, "view"));
        Assert.Throws<ArgumentOutOfRangeException>(() => b.Append(7L, TimeZones.MinEventMicros - 1, "view"));
    }
}
