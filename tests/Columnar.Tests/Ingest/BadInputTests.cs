using Columnar.Ingest;
using Columnar.Storage;
using Xunit;
using static Columnar.Tests.Ingest.IngestTestKit;

namespace Columnar.Tests.Ingest;

/// <summary>Every bad-input code on a small hand-made file: code, line, column and file name; then the quarantine variant.</summary>
public class BadInputTests
{
    private const string Good = "1,100,10,pv,1511544070\n1,101,10,cart,1511544080\n2,102,11,pv,1511544090\n";

    private static ColumnarException Fails(string name, string text, Preset? preset = null, LoadOptions? options = null)
    {
        using var dir = Temp();
        var path = dir.File(name, text);
        var ex = Assert.Throws<ColumnarException>(() => EventTable.Load(path, preset ?? Preset.Taobao, options));
        Assert.Contains(name, ex.Message);
        return ex;
    }

    private static void At(ColumnarException ex, string code, long? line, string? column)
    {
        Assert.Equal(code, ex.Code);
        Assert.Equal(line, ex.Line);
        Assert.Equal(column, ex.Column);
        if (line is not null) Assert.Contains($"line {line}", ex.Message);
        if (column is not null) Assert.Contains($"column '{column}'", ex.Message);
    }

    [Fact]
    public void MissingFileIsCol0001()
    {
        var ex = Assert.Throws<ColumnarException>(() => EventTable.Load("/nonexistent/dir/NoSuch.csv", Preset.Taobao));
        Assert.Equal("COL0001", ex.Code);
        Assert.Contains("NoSuch.csv", ex.Message);
    }

    [Fact]
    public void ADirectoryIsCol0001SayingItIsADirectory()
    {
        using var dir = Temp();
        var ex = Assert.Throws<ColumnarException>(() => EventTable.Load(dir.Path, Preset.Taobao));
        Assert.Equal("COL0001", ex.Code);
        Assert.Equal($"COL0001: {dir.Path}: it is a directory, not a file", ex.Message);
    }

    [Fact]
    public void QuarantiningIntoTheInputIsRefusedBeforeTheInputChanges()
    {
        using var dir = Temp();
        var text = Good + "3,103,12,pv,notatime\n";
        var path = dir.File("ub.csv", text);
        // The same file spelled differently: through a subfolder and back.
        Directory.CreateDirectory(dir.PathOf("sub"));
        var same = System.IO.Path.Combine(dir.Path, "sub", "..", "ub.csv");
        var ex = Assert.Throws<ColumnarException>(() =>
            EventTable.Load(path, Preset.Taobao, new LoadOptions { OnError = OnError.Quarantine, RejectsPath = same }));
        Assert.Equal("COL0018", ex.Code);
        Assert.Contains("it is the input file", ex.Message);
        Assert.Equal(text, File.ReadAllText(path));
    }

    [Fact]
    public void UnknownExtensionIsCol0002()
    {
        var ex = Fails("events.xlsx", Good);
        Assert.Equal("COL0002", ex.Code);
    }

    [Fact]
    public void UnknownColumnIsCol0003ListingColumns()
    {
        var ex = Fails("UserBehavior.csv", Good, Preset.Taobao.With(new EventMapping { Time = "ts" }));
        Assert.Equal("COL0003", ex.Code);
        Assert.Contains("column 'ts'", ex.Message);
        Assert.Contains("not found in UserBehavior.csv (columns: user_id, item_id, category_id, behavior_type, timestamp)", ex.Message);
    }

    private static readonly Preset Custom = Preset.Custom.With(EventMapping.Parse(["user=uid;time=ts;time-format=epoch-ms;event=name"]));

    [Theory]
    [InlineData("events.csv")]
    [InlineData("events.jsonl")]
    public void AZeroByteFileIsCol0016SayingItIsEmpty(string name)
    {
        var ex = Fails(name, "", Custom);
        Assert.Equal("COL0016", ex.Code);
        Assert.Equal($"COL0016: {name} is empty: there is nothing to read", ex.Message);
    }

    [Fact]
    public void AHeaderWithoutDataRowsIsCol0016WithTheCounts()
    {
        var ex = Fails("header.csv", "uid,ts,name\n", Custom);
        Assert.Equal("COL0016: header.csv: no events to load: read 0 row(s), loaded 0, rejected 0: the file holds no data rows", ex.Message);
        Assert.Equal((0L, 0L, 0L), (ex.LoadReport!.RowsRead, ex.LoadReport.RowsLoaded, ex.LoadReport.RowsRejected));
    }

    [Fact]
    public void EveryRowQuarantinedIsCol0016AfterTheRejectsFileIsComplete()
    {
        using var dir = Temp();
        var path = dir.File("allbad.csv", "uid,ts,name\n,1700000000000,view\n2,soon,view\n3,later,buy\n");
        var rejects = dir.PathOf("allbad.rejects.csv");
        var ex = Assert.Throws<ColumnarException>(() =>
            EventTable.Load(path, Custom, new LoadOptions { OnError = OnError.Quarantine, RejectsPath = rejects }));
        Assert.Equal("COL0016: allbad.csv: no events to load: read 3 row(s), loaded 0, rejected 3: every row was rejected (COL0004 ×2, COL0005 ×1); "
                     + $"the rejected rows are in {rejects}", ex.Message);
        Assert.Equal(new[]
        {
            "line,code,column,reason,raw",
            "2,COL0005,uid,empty user id,\",1700000000000,view\"",
            "3,COL0004,ts,cannot parse 'soon' as epoch-ms,\"2,soon,view\"",
            "4,COL0004,ts,cannot parse 'later' as epoch-ms,\"3,later,buy\"",
        }, File.ReadAllLines(rejects));
    }

    [Fact]
    public void GovernanceOfAFileWithNoLoadableRowIsCol0016()
    {
        using var dir = Temp();
        var path = dir.File("allbad.csv", "uid,ts,name\n2,soon,view\n");
        var ex = Assert.Throws<ColumnarException>(() =>
            Columnar.Governance.DataGovernance.Load(path, Custom, new LoadOptions { RejectsPath = dir.PathOf("r.csv") }));
        Assert.Equal(ErrorCodes.NoEvents, ex.Code);
        Assert.Contains("read 1 row(s), loaded 0, rejected 1", ex.Message);
        Assert.Equal(2, File.ReadAllLines(dir.PathOf("r.csv")).Length);
        var header = dir.File("header.csv", "uid,ts,name\n");
        Assert.Equal(ErrorCodes.NoEvents, Assert.Throws<ColumnarException>(() => Columnar.Governance.DataGovernance.Load(header, Custom)).Code);
    }

    [Fact]
    public void ARejectsPathWithoutQuarantineIsRefused()
    {
        using var dir = Temp();
        var path = dir.File("ok.csv", "uid,ts,name\n1,1700000000000,view\n");
        var ex = Assert.Throws<ArgumentException>(() =>
            EventTable.Load(path, Custom, new LoadOptions { OnError = OnError.Fail, RejectsPath = dir.PathOf("r.csv") }));
        Assert.Contains("RejectsPath", ex.Message);
        Assert.Contains("needs OnError.Quarantine", ex.Message);
        // The preset's default mode (fail) counts too.
        Assert.Throws<ArgumentException>(() => EventTable.Load(path, Custom, new LoadOptions { RejectsPath = dir.PathOf("r.csv") }));
        Assert.False(File.Exists(dir.PathOf("r.csv")));
    }

    [Theory]
    [InlineData("props=brand,brand")]
    [InlineData("props=brand:int64, brand")]
    public void APropertyListedTwiceIsCol0010NamingIt(string item)
    {
        var ex = Assert.Throws<ColumnarException>(() => EventMapping.Parse([item]));
        Assert.Equal(ErrorCodes.BadMapping, ex.Code);
        Assert.Contains("props lists the column 'brand' twice", ex.Message);
        // A preset built in code is checked when it loads.
        using var dir = Temp();
        var path = dir.File("ok.csv", "uid,ts,name,brand\n1,1700000000000,view,7\n");
        var preset = Custom with { Mapping = Custom.Mapping with { Props = item["props=".Length..] } };
        Assert.Equal(ErrorCodes.BadMapping, Assert.Throws<ColumnarException>(() => EventTable.Load(path, preset)).Code);
    }

    [Fact]
    public void AMappedColumnNameThatAppearsTwiceIsCol0017WithBothPositions()
    {
        var ex = Fails("dup.csv", "uid,uid,ts,name\n1,2,1700000000000,view\n", Custom);
        Assert.Equal("COL0017", ex.Code);
        Assert.Contains("'uid' (mapped as 'user') appears more than once (columns 1 and 2)", ex.Message);
    }

    [Fact]
    public void AnUnmappedDuplicateNameDoesNoHarm()
    {
        using var dir = Temp();
        var path = dir.File("ok.csv", "uid,ts,name,note,note\n1,1700000000000,view,a,b\n");
        using var table = EventTable.Load(path, Custom);
        Assert.Equal(1, table.EventCount);
    }

    [Theory]
    [InlineData("2024-03-31T02:30:00", "2024-03-31T01:30:00Z")] // inside the spring-forward gap: the offset before it (+01:00)
    [InlineData("2024-10-27T02:30:00", "2024-10-27T01:30:00Z")] // twice in the autumn overlap: standard time (+01:00), the later instant
    [InlineData("2024-10-27T01:59:00", "2024-10-26T23:59:00Z")] // before the overlap: summer time (+02:00)
    [InlineData("2024-10-27T03:00:00", "2024-10-27T02:00:00Z")] // after it: standard time
    public void WallClockTimesInAGapOrAnOverlapLoadDeterministically(string local, string utc)
    {
        var berlin = TimeReader.FindZone("Europe/Berlin");
        var micros = TimeReader.LocalToMicros(DateTime.Parse(local, System.Globalization.CultureInfo.InvariantCulture), berlin);
        var expected = DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds() * 1000;
        Assert.Equal(expected, micros);
    }

    [Theory]
    [InlineData("bogus")]
    [InlineData("HH:mm:ss")]
    [InlineData("yyyy-MM")]
    [InlineData("'yyyy-MM-dd'")]
    public void ATimeFormatWithoutYearMonthAndDayIsAMappingError(string format)
    {
        var ex = Assert.Throws<ColumnarException>(() => new TimeReader(format, TimeZoneInfo.Utc));
        Assert.Equal("COL0010", ex.Code);
        Assert.Contains($"time-format '{format}'", ex.Message);
    }

    [Theory]
    [InlineData("yyyy-MM-dd HH:mm:ss 'UTC'")]
    [InlineData("yyyyMMdd")]
    [InlineData("M/d/yyyy H:mm")]
    [InlineData("dd.MM.yyyy")]
    public void DatePatternsAreAccepted(string format) => Assert.Equal(format, new TimeReader(format, TimeZoneInfo.Utc).Format);

    [Fact]
    public void UnparsableTimeIsCol0004()
    {
        var ex = Fails("UserBehavior.csv", Good + "3,103,12,pv,abc\n");
        At(ex, "COL0004", 4, "timestamp");
        Assert.Equal("COL0004: UserBehavior.csv, line 4, column 'timestamp': cannot parse 'abc' as epoch-s", ex.Message);
    }

    [Fact]
    public void EmptyUserIsCol0005()
    {
        At(Fails("u.csv", Good + ",103,12,pv,1511544090\n"), "COL0005", 4, "user_id");
    }

    [Fact]
    public void WrongFieldCountIsCol0006()
    {
        At(Fails("f.csv", "1,100,10,pv,1511544070\n1,101,10,cart\n2,102,11,pv,1511544090\n"), "COL0006", 2, null);
        At(Fails("g.csv", "1,100,10,pv,1511544070\n1,101,10,cart,1511544080,extra\n"), "COL0006", 2, null);
    }

    [Fact]
    public void TruncatedLastLineIsCol0007()
    {
        At(Fails("t.csv", Good + "3,103,12"), "COL0007", 4, null);
        // A cut inside a quoted field at the end of the file is a truncation too.
        At(Fails("q.csv", Good + "3,\"103,12"), "COL0007", 4, null);
    }

    [Fact]
    public void CompleteLastLineWithoutTerminatorLoads()
    {
        using var dir = Temp();
        using var t = EventTable.Load(dir.File("ok.csv", Good + "3,103,12,buy,1511544099"), Preset.Taobao);
        Assert.Equal(4, t.EventCount);
        Assert.Equal(4, t.LoadReport!.RowsLoaded);
    }

    [Fact]
    public void BadTypedValueIsCol0008()
    {
        At(Fails("b.csv", Good + "3,x103,12,pv,1511544090\n"), "COL0008", 4, "item_id");
        // A non-integer id under a preset with integer ids.
        At(Fails("c.csv", "u7,103,12,pv,1511544090\n"), "COL0008", 1, "user_id");
    }

    [Fact]
    public void EmptyEventIsCol0009()
    {
        At(Fails("e.csv", Good + "3,103,12,,1511544090\n"), "COL0009", 4, "behavior_type");
    }

    [Fact]
    public void UnknownMappingKeyIsCol0010()
    {
        var ex = Assert.Throws<ColumnarException>(() => EventMapping.Parse(["user=u; colour=red"]));
        Assert.Equal("COL0010", ex.Code);
        Assert.Contains("'colour'", ex.Message);
        Assert.Contains("user, time, time-format, time-zone, event, props, amount, order, view, cart, fav, purchase", ex.Message);
        Assert.Equal("COL0010", Assert.Throws<ColumnarException>(() => Preset.Get("nope")).Code);
        using var dir = Temp();
        var path = dir.File("m.csv", Good);
        var typeError = Assert.Throws<ColumnarException>(() => EventTable.Load(path, Preset.Taobao.With(new EventMapping { Props = "item_id:money" })));
        Assert.Equal("COL0010", typeError.Code);
        Assert.Contains("'money'", typeError.Message);
    }

    [Theory]
    [InlineData("1.5e9")]
    [InlineData(" 1511544090")]
    public void AnEpochInRangeButNotPlainDigitsIsCol0004SayingSoNotOutOfRange(string time)
    {
        // These are year 2017 as epoch-s; the reason must not claim they lie outside the supported years.
        var ex = Fails("e.csv", Good + $"3,103,12,pv,{time}\n");
        At(ex, "COL0004", 4, "timestamp");
        Assert.Contains("write an epoch time as a plain number", ex.Message);
        Assert.DoesNotContain("outside the supported years", ex.Message);
    }

    [Fact]
    public void UnknownTimeZoneIsCol0011()
    {
        Assert.Equal("COL0011", Assert.Throws<ColumnarException>(() =>
        {
            using var dir = Temp();
            EventTable.Load(dir.File("z.csv", Good), Preset.Taobao, new LoadOptions { TimeZone = "Mars/Olympus" });
        }).Code);
    }

    [Fact]
    public void AZoneIdInTheWrongCaseIsCol0011SuggestingTheRightOne()
    {
        var ex = Assert.Throws<ColumnarException>(() =>
        {
            using var dir = Temp();
            EventTable.Load(dir.File("z.csv", Good), Preset.Taobao, new LoadOptions { TimeZone = "asia/shanghai" });
        });
        Assert.Equal("COL0011", ex.Code);
        Assert.Contains("did you mean 'Asia/Shanghai'?", ex.Message);
        Assert.Contains("did you mean 'Europe/London'?", Assert.Throws<ColumnarException>(() => Columnar.Time.TimeZones.Find("EUROPE/LONDON")).Message);
    }

    private static ColumnarException FailsBytes(string name, byte[] bytes)
    {
        using var dir = Temp();
        var path = dir.File(name, "");
        File.WriteAllBytes(path, bytes);
        var ex = Assert.Throws<ColumnarException>(() => EventTable.Load(path, Preset.Taobao));
        Assert.Contains(name, ex.Message);
        return ex;
    }

    [Fact]
    public void BytesThatAreNotUtf8AreCol0008NamingTheFieldAndByte()
    {
        // Line 4, field behavior_type: "b" then 0xFF (never valid in UTF-8) at byte 11 of the record "3,103,12,b\xFF,...".
        var bytes = System.Text.Encoding.UTF8.GetBytes(Good + "3,103,12,b").Concat(new byte[] { 0xFF }).Concat(System.Text.Encoding.UTF8.GetBytes(",1511544090\n")).ToArray();
        var ex = FailsBytes("u.csv", bytes);
        At(ex, "COL0008", 4, "behavior_type");
        Assert.Contains("byte 0xFF at byte 11", ex.Message);
        // Valid multi-byte text (é, 中) loads unchanged.
        using var dir = Temp();
        using var ok = EventTable.Load(dir.File("ok.csv", Good + "3,103,12,vé中,1511544090\n"), Preset.Taobao);
        Assert.Contains("vé中", ok.EventNames);
    }

    [Fact]
    public void BytesThatAreNotUtf8InJsonLinesOrAHeaderAreCol0008()
    {
        using var dir = Temp();
        var json = dir.File("b.jsonl", "");
        File.WriteAllBytes(json, [.. "{\"u\":\"a\",\"t\":1,\"e\":\"x"u8, 0xFF, .. "\"}\n"u8]);
        var preset = Preset.Custom.With(EventMapping.Parse(["user=u;time=t;time-format=epoch-s;event=e"]));
        var ex = Assert.Throws<ColumnarException>(() => EventTable.Load(json, preset));
        At(ex, "COL0008", 1, null);
        Assert.Contains("byte 0xFF at byte 22 of the line", ex.Message);

        var csv = dir.File("h.csv", "");
        File.WriteAllBytes(csv, [.. "u,t"u8, 0xFF, .. ",e\na,1,v\n"u8]);
        var header = Assert.Throws<ColumnarException>(() => EventTable.Load(csv, preset));
        At(header, "COL0008", 1, null);
        Assert.Contains("h.csv", header.Message);
        Assert.Contains("the header is not UTF-8 text: byte 0xFF at byte 4", header.Message);
    }

    [Theory]
    [InlineData(new byte[] { (byte)'P', (byte)'A', (byte)'R', (byte)'1', 0, 0 }, "a Parquet file")]
    [InlineData(new byte[] { 0x1F, 0x8B, 8, 0 }, "gzip-compressed")]
    [InlineData(new byte[] { (byte)'a', (byte)',', 0, (byte)'b', (byte)'\n' }, "binary, not text (a NUL byte at offset 2)")]
    [InlineData(new byte[] { 0xFF, 0xFE, (byte)'a', 0 }, "UTF-16 text")]
    [InlineData(new byte[] { (byte)'u', 0, (byte)',', 0, (byte)'t', 0, (byte)',', 0, (byte)'e', 0, (byte)'\n', 0 }, "UTF-16 text without a byte-order mark")]
    public void ABinaryFileNamedCsvIsCol0002SayingWhatItIs(byte[] head, string what)
    {
        var ex = FailsBytes("events.csv", head);
        Assert.Equal("COL0002", ex.Code);
        Assert.Contains(what, ex.Message);
    }

    [Fact]
    public void The32768thDistinctEventNameIsCol0014NamingTheFileAndLine()
    {
        // Header on line 1, so event name number 32,768 (e32767) is on line 32,769.
        var text = new System.Text.StringBuilder("u,t,e\n");
        for (var i = 0; i < 33_000; i++) text.Append("1,").Append(1_500_000_000 + i).Append(",e").Append(i).Append('\n');
        var ex = Fails("many.csv", text.ToString(), Preset.Custom.With(EventMapping.Parse(["user=u;time=t;time-format=epoch-s;event=e"])));
        At(ex, "COL0014", 32_769, null);
    }

    [Fact]
    public void TextAfterClosingQuoteIsCol0012()
    {
        At(Fails("q.csv", Good + "3,\"103\"x,12,pv,1511544090\n"), "COL0012", 4, "item_id");
    }

    [Fact]
    public void LineCountsQuotedNewlinesAndHeader()
    {
        // Header is line 1; the record at line 2 spans lines 2-3; the bad record starts on line 4.
        var text = "user,time,event,note\r\nu1,2024-01-01 00:00:00,view,\"two\r\nlines\"\r\nu2,yesterday,view,x\r\n";
        var preset = Preset.Synthetic with { IntegerUserIds = false, Mapping = new EventMapping { User = "user", Time = "time", TimeFormat = "yyyy-MM-dd HH:mm:ss", Event = "event", Props = "note" } };
        At(Fails("n.csv", text, preset), "COL0004", 4, "time");
    }

    [Fact]
    public void QuarantineWritesRejectsAndReconciles()
    {
        using var dir = Temp();
        var text = "1,100,10,pv,1511544070\n" +      // 1 ok
                   ",101,10,pv,1511544070\n" +       // 2 COL0005
                   "2,102,11,pv,later\n" +           // 3 COL0004
                   "\n" +                            // 4 blank, not a row
                   "3,103,12,cart\n" +               // 5 COL0006
                   "3,\"1,04\",12,cart,1511544071\n" + // 6 COL0008 (quoted comma)
                   "4,105,13,,1511544072\n" +        // 7 COL0009
                   "4,106,13,buy,1511544073\n" +     // 8 ok
                   "5,107";                          // 9 COL0007
        var path = dir.File("mixed.csv", text);
        var rejects = dir.PathOf("out/mixed.rejects.csv");
        using var t = EventTable.Load(path, Preset.Taobao, new LoadOptions { OnError = OnError.Quarantine, RejectsPath = rejects });
        var r = t.LoadReport!;
        Assert.Equal(8, r.RowsRead);
        Assert.Equal(2, r.RowsLoaded);
        Assert.Equal(6, r.RowsRejected);
        Assert.Equal(r.RowsRead, r.RowsLoaded + r.RowsRejected);
        Assert.Equal(new Dictionary<string, long> { ["COL0004"] = 1, ["COL0005"] = 1, ["COL0006"] = 1, ["COL0007"] = 1, ["COL0008"] = 1, ["COL0009"] = 1 },
            r.RejectsByCode.OrderBy(p => p.Key).ToDictionary());
        Assert.Equal(rejects, r.RejectsPath);
        Assert.Contains(r.Warnings, w => w.Contains("blank"));
        var expected = new[]
        {
            "line,code,column,reason,raw",
            "2,COL0005,user_id,empty user id,\",101,10,pv,1511544070\"",
            "3,COL0004,timestamp,cannot parse 'later' as epoch-s,\"2,102,11,pv,later\"",
            "5,COL0006,,\"4 fields, expected 5\",\"3,103,12,cart\"",
            "6,COL0008,item_id,\"cannot parse '1,04' as int64\",\"3,\"\"1,04\"\",12,cart,1511544071\"",
            "7,COL0009,behavior_type,empty event name,\"4,105,13,,1511544072\"",
            "9,COL0007,,\"the last line is cut off: no line terminator and 2 fields, expected 5\",\"5,107\"",
        };
        Assert.Equal(expected, File.ReadAllLines(rejects));
        Assert.Equal([1L, 4L], Enumerable.Range(0, t.UserCount).Select(u => (long)t.GetUserId(u)));
    }

    [Fact]
    public void QuarantineDefaultsToRejectsFolderAndNoFileWhenClean()
    {
        using var dir = Temp();
        var path = dir.File("clean.csv", Good);
        using var t = EventTable.Load(path, Preset.Taobao, new LoadOptions { OnError = OnError.Quarantine });
        Assert.Null(t.LoadReport!.RejectsPath);
        var bad = dir.File("dirty-default.csv", Good + ",1,1,pv,1\n");
        using var t2 = EventTable.Load(bad, Preset.Taobao, new LoadOptions { OnError = OnError.Quarantine });
        try
        {
            Assert.Equal(Path.Combine(Environment.CurrentDirectory, "rejects", "dirty-default.csv.rejects.csv"), t2.LoadReport!.RejectsPath);
            Assert.Equal(2, File.ReadAllLines(t2.LoadReport.RejectsPath!).Length);
        }
        finally
        {
            File.Delete(t2.LoadReport!.RejectsPath!);
        }
    }

    [Fact]
    public void BadJsonIsCol0013AndTruncatedJsonIsCol0007()
    {
        var preset = Preset.Synthetic with { IntegerUserIds = false, Mapping = new EventMapping { User = "u", Time = "t", TimeFormat = "epoch-s", Event = "e" } };
        var x = Fails("x.jsonl", "{\"u\":\"a\",\"t\":1,\"e\":\"v\"}\n{\"u\":\"b\",\"t\":2,\"e\":}\n", preset);
        At(x, "COL0013", 2, null);
        // The 1-based byte of the line ('}' is the 20th), not the JSON reader's 0-based "LineNumber: 0 | BytePositionInLine: 19".
        Assert.Contains("invalid JSON at byte 20", x.Message);
        Assert.DoesNotContain("LineNumber", x.Message);
        var nested = Fails("n.jsonl", "{\"u\":\"a\",\"t\":1,\"e\":\"v\"}\n{\"u\":{\"id\":2},\"t\":2,\"e\":\"v\"}\n", preset);
        At(nested, "COL0008", 2, "u");
        Assert.Contains("is a JSON object or array, not a user id", nested.Message);
        At(Fails("b.jsonl", "{\"u\":\"a\",\"t\":1,\"e\":\"v\"}\n{\"u\":true,\"t\":2,\"e\":\"v\"}\n", preset), "COL0008", 2, "u");
        At(Fails("e.jsonl", "{\"u\":\"a\",\"t\":1,\"e\":\"v\"}\n{\"u\":\"b\",\"t\":2,\"e\":[\"v\"]}\n", preset), "COL0008", 2, "e");
        var dup = Fails("d.jsonl", "{\"u\":\"a\",\"t\":1,\"e\":\"v\"}\n{\"u\":\"b\",\"t\":2,\"e\":\"v\",\"u\":\"c\"}\n", preset);
        At(dup, "COL0013", 2, "u");
        Assert.Contains("the key 'u' appears more than once", dup.Message);
        At(Fails("y.jsonl", "{\"u\":\"a\",\"t\":1,\"e\":\"v\"}\n[1,2]\n", preset), "COL0013", 2, null);
        At(Fails("z.jsonl", "{\"u\":\"a\",\"t\":1,\"e\":\"v\"}\n{\"u\":\"b\",\"t\":2,\"e", preset), "COL0007", 2, null);
    }

    [Fact]
    public void CorruptBinaryFilesAreColumnarErrors()
    {
        Assert.Equal("COL0015", Fails("bad.parquet", "this is not parquet").Code);
        Assert.Equal("COL0015", Fails("bad.arrow", "ARROW1 but not really an arrow file").Code);
    }
}
