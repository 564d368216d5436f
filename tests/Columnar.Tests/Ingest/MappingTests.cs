using Columnar.Ingest;
using Columnar.Storage;
using Xunit;
using static Columnar.Tests.Ingest.IngestTestKit;

namespace Columnar.Tests.Ingest;

/// <summary>Mapping parsing and overrides, time formats and zones, headerless naming, CSV quoting.</summary>
public class MappingTests
{
    private static Preset Generic(string mapping, bool header = true) => Preset.Synthetic with
    {
        Name = "test",
        IntegerUserIds = false,
        HasHeader = header,
        Columns = null,
        Mapping = EventMapping.Parse([mapping]),
    };

    [Fact]
    public void ParseSplitsPairsAndKeepsEqualsInValues()
    {
        var m = EventMapping.Parse(["user=uid;time=ts", "time-format=yyyy-MM-dd HH:mm:ss 'UTC'", "event==purchase", "props=a,b:int64", "time=ts2"]);
        Assert.Equal("uid", m.User);
        Assert.Equal("ts2", m.Time);
        Assert.Equal("yyyy-MM-dd HH:mm:ss 'UTC'", m.TimeFormat);
        Assert.Equal("=purchase", m.Event);
        Assert.Equal("a,b:int64", m.Props);
        Assert.Null(m.Amount);
        Assert.Equal("COL0010", Assert.Throws<ColumnarException>(() => EventMapping.Parse(["user"])).Code);
    }

    [Fact]
    public void WithOverridesKeyByKey()
    {
        var p = Preset.Taobao.With(EventMapping.Parse(["event==click", "purchase=click"]));
        Assert.Equal("user_id", p.Mapping.User);
        Assert.Equal("epoch-s", p.Mapping.TimeFormat);
        Assert.Equal("=click", p.Mapping.Event);
        Assert.Equal("click", p.Roles.Purchase);
        Assert.Equal("cart", p.Roles.Cart);
        Assert.Same(Preset.Taobao, Preset.Get("TAOBAO"));
        Assert.Equal(["synthetic", "taobao", "rees46", "cdnow", "uci-retail", "uci-retail-raw"], Preset.All.Select(x => x.Name));
    }

    [Fact]
    public void OverridesChangeEventsPropsAndTypes()
    {
        using var dir = Temp();
        var path = dir.File("t.csv", "1,100,10,pv,1511544070\n2,101,11,buy,1511544080\n");
        var overrides = EventMapping.Parse(["event==hit; props=item_id:string,behavior_type"]);
        using var t = EventTable.Load(path, Preset.Taobao, new LoadOptions { Mapping = overrides });
        Assert.Equal(["hit"], t.EventNames);
        Assert.Equal(PropertyType.String, t.Property("item_id")!.Type);
        Assert.Null(t.Property("category_id"));
        Assert.Equal("buy", t.Property("behavior_type")!.GetValue(1));
        Assert.Equal("101", t.Property("item_id")!.GetValue(1));
    }

    [Fact]
    public void HeaderlessColumnsAreNumberedWithoutPresetNames()
    {
        using var dir = Temp();
        var path = dir.File("h.csv", "a,2024-01-02,view\nb,2024-01-03,cart\n");
        using var t = EventTable.Load(path, Generic("user=column1;time=column2;time-format=yyyy-MM-dd;event=column3", header: false));
        Assert.Equal(2, t.EventCount);
        Assert.False(t.HasIntegerUserIds);
        Assert.Equal("b", t.GetUserId(1));
        var ex = Assert.Throws<ColumnarException>(() => EventTable.Load(path, Generic("user=user;time=column2;event=column3", header: false)));
        Assert.Contains("(columns: column1, column2, column3)", ex.Message);
    }

    [Theory]
    [InlineData("epoch-s", "1704067200")]
    [InlineData("epoch-ms", "1704067200000")]
    [InlineData("epoch-us", "1704067200000000")]
    [InlineData("iso", "2024-01-01T00:00:00Z")]
    [InlineData("iso", "2024-01-01 08:00:00+08:00")]
    [InlineData("yyyy-MM-dd HH:mm:ss 'UTC'", "2024-01-01 00:00:00 UTC")]
    [InlineData("yyyyMMdd", "20240101")]
    [InlineData("dd/MM/yyyy HH:mm", "01/01/2024 00:00")]
    public void TimeFormatsReadTheSameInstant(string format, string text)
    {
        using var dir = Temp();
        var path = dir.File("t.csv", $"u,t,e\nx,{text},v\n");
        using var t = EventTable.Load(path, Generic($"user=u;time=t;event=e;time-format={format}"));
        Assert.Equal(Micros(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero)), t.Times[0]);
    }

    [Fact]
    public void EpochFractionsAndMillisecondPrecision()
    {
        using var dir = Temp();
        var path = dir.File("t.csv", "u,t,e\nx,1704067200.25,v\ny,1704067200123,v\n");
        using var a = EventTable.Load(path, Generic("user=u;time=t;event=e;time-format=epoch-s"), new LoadOptions { OnError = OnError.Quarantine, RejectsPath = dir.PathOf("r.csv") });
        Assert.Equal(1704067200_250000L, a.Times[0]);
        using var b = EventTable.Load(path, Generic("user=u;time=t;event=e;time-format=epoch-ms"), new LoadOptions { OnError = OnError.Quarantine, RejectsPath = dir.PathOf("r2.csv") });
        Assert.Equal(1704067200_123000L, b.Times[1]);
    }

    [Fact]
    public void DateOnlyIsLocalMidnightEastOfUtc()
    {
        using var dir = Temp();
        var path = dir.File("d.txt", " 00007 20240101  2   10.50\r\n 00007 20240102  1    3.00\r\n");
        using var tokyo = EventTable.Load(path, Preset.Cdnow, new LoadOptions { TimeZone = "Asia/Tokyo" });
        Assert.Equal(Micros(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.FromHours(9))), tokyo.Times[0]);
        Assert.Equal(new DateTime(2023, 12, 31, 15, 0, 0), Utc(tokyo.Times[0]).UtcDateTime);
        // The mapping's own time-zone beats the effective zone.
        using var utc = EventTable.Load(path, Preset.Cdnow.With(new EventMapping { TimeZone = "UTC" }), new LoadOptions { TimeZone = "Asia/Tokyo" });
        Assert.Equal(Micros(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero)), utc.Times[0]);
        Assert.Equal(7L, tokyo.GetUserId(0));
        Assert.Equal(10.50m, tokyo.Property("dollars")!.GetValue(0));
        Assert.Equal(2L, tokyo.Property("n_cds")!.GetValue(0));
    }

    [Fact]
    public void ZoneLessTimesUseTheZoneAcrossDst()
    {
        using var dir = Temp();
        // London: 2024-03-31 01:30 does not exist (clocks go 01:00 -> 02:00); 2024-07-01 12:00 is BST (+1).
        var path = dir.File("l.csv", "u,t,e\nx,2024-03-31 01:30:00,v\nx,2024-07-01 12:00:00,v\nx,2024-01-15 12:00:00,v\n");
        using var t = EventTable.Load(path, Generic("user=u;time=t;event=e;time-format=yyyy-MM-dd HH:mm:ss;time-zone=Europe/London"));
        Assert.Equal(Micros(new DateTimeOffset(2024, 1, 15, 12, 0, 0, TimeSpan.Zero)), t.Times[0]);
        Assert.Equal(Micros(new DateTimeOffset(2024, 3, 31, 1, 30, 0, TimeSpan.Zero)), t.Times[1]);
        Assert.Equal(Micros(new DateTimeOffset(2024, 7, 1, 11, 0, 0, TimeSpan.Zero)), t.Times[2]);
    }

    [Fact]
    public void CsvQuotesEmbeddedCommasCrlfAndNewlines()
    {
        using var dir = Temp();
        var text = "\uFEFFuser,time,event,note,price\r\n" +
                   "u1,2024-01-01 00:00:00,view,\"a, b\",1.5\r\n" +
                   "u1,2024-01-01 00:00:01,view,\"say \"\"hi\"\"\",\r\n" +
                   "u2,2024-01-01 00:00:02,\"buy\",\"line1\r\nline2\",\"2.25\"\r\n" +
                   "u2,2024-01-01 00:00:03,view,\"\",3\r\n";
        var path = dir.File("q.csv", text);
        using var t = EventTable.Load(path, Generic("user=user;time=time;time-format=yyyy-MM-dd HH:mm:ss;event=event;props=note;amount=price"));
        Assert.Equal(4, t.EventCount);
        var note = t.Property("note")!;
        Assert.Equal(["a, b", "say \"hi\"", "line1\r\nline2", null], Enumerable.Range(0, 4).Select(note.GetString));
        var price = t.Property("price")!;
        Assert.Equal([1.5m, null, 2.25m, 3m], Enumerable.Range(0, 4).Select(i => (decimal?)price.GetValue(i)));
        Assert.Equal(["buy", "view"], t.EventNames);
        Assert.Equal("price", t.Roles.Amount);
    }

    [Fact]
    public void TsvAndRecordsLargerThanTheBuffer()
    {
        using var dir = Temp();
        var longNote = new string('x', 3000);
        var path = dir.File("t.tsv", $"user\ttime\tevent\tnote\nu1\t2024-01-01T00:00:00Z\tview\t{longNote}\nu2\t2024-01-01T00:00:01Z\tview\tshort\n");
        var preset = Generic("user=user;time=time;event=event;props=note");
        using var t = EventTable.Load(path, preset);
        Assert.Equal(longNote, t.Property("note")!.GetString(0));
        // The same through a tiny window exercises refills and buffer growth.
        using var stream = File.OpenRead(path);
        using var src = new DelimitedSource(stream, FileFormat.Tsv, header: true, names: null, bufferSize: 16);
        var seen = new List<(long, string)>();
        while (src.MoveNext()) seen.Add((src.Line, src.Text(3).ToString()));
        Assert.Equal([(2L, longNote), (3L, "short")], seen);
    }

    [Fact]
    public void SmallBufferTokenizerAgreesWithLargeBuffer()
    {
        var text = "a,b,c\r\n1,\"x\"\"y\",3\r\n\r\n4,\"m\nn\",6\n7,,\"\"\r8,9,10";
        string Dump(int size)
        {
            using var src = new DelimitedSource(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)), FileFormat.Csv, true, null, size);
            var rows = new List<string>();
            while (src.MoveNext())
                rows.Add($"{src.Line}:{src.Problem?.Code}:" + string.Join("|", Enumerable.Range(0, 3).Select(c => src.Kind(c) == FieldKind.Null ? "∅" : src.Text(c).ToString())));
            return string.Join(";", rows);
        }
        var expected = "2::1|x\"y|3;4::4|m\nn|6;6::7|∅|∅;7::8|9|10";
        Assert.Equal(expected, Dump(1 << 20));
        for (var size = 16; size < 40; size++) Assert.Equal(expected, Dump(size));
    }

    [Fact]
    public void ProgressIsReportedAndEndsComplete()
    {
        using var dir = Temp();
        var path = dir.File("p.csv", "1,100,10,pv,1511544070\n1,101,10,cart,1511544080\n");
        var log = new ProgressLog<LoadProgress>();
        using var t = EventTable.Load(path, Preset.Taobao, new LoadOptions { Progress = log });
        var last = log.Reports[^1];
        Assert.Equal(2, last.Rows);
        Assert.Equal(new FileInfo(path).Length, last.TotalBytes);
        Assert.Equal(last.TotalBytes, last.BytesRead);
    }

    [Fact]
    public void DuplicatesAreCountedNotRemoved()
    {
        using var dir = Temp();
        var text = "u,t,e,p\n" +
                   "a,1,v,x\na,1,v,x\na,1,v,x\n" + // a group of 3: 2 extra rows
                   "a,1,v,y\n" +                  // differs in a property
                   "a,1,w,x\n" +                  // differs in the event
                   "b,1,v,\nb,1,v,\n" +           // nulls are equal to nulls: 1 extra row
                   "b,2,v,\n";                    // differs in time
        using var t = EventTable.Load(dir.File("d.csv", text), Generic("user=u;time=t;time-format=epoch-s;event=e;props=p"));
        Assert.Equal(8, t.EventCount);
        Assert.Equal(3, t.LoadReport!.DuplicateRows);
        Assert.Equal(2, t.LoadReport.DuplicateGroups);
    }

    [Fact]
    public void SyntheticGeneratorCsvShape()
    {
        using var dir = Temp();
        var text = "user_id,time,event_name,country,device,channel,revenue\n" +
                   "2,2025-01-01T00:00:05.000007Z,purchase,US,mobile,paid,104.98\n" +
                   "2,2025-01-01T00:00:00.000000Z,page_view,US,mobile,paid,\n" +
                   "10,2025-03-31T23:59:59.999999Z,view_item,DE,desktop,organic,\n";
        using var t = EventTable.Load(dir.File("events.csv", text), Preset.Synthetic);
        Assert.True(t.HasIntegerUserIds);
        Assert.Equal([2L, 10L], Enumerable.Range(0, t.UserCount).Select(u => (long)t.GetUserId(u)));
        Assert.Equal([1735689600_000000L, 1735689605_000007L, 1743465599_999999L], t.Times.ToArray());
        Assert.Equal([null, 104.98m, null], Enumerable.Range(0, 3).Select(i => (decimal?)t.Property("revenue")!.GetValue(i)));
        Assert.Equal(new EventRoles("view_item", "add_to_cart", null, "purchase", "revenue", null), t.Roles);
        Assert.Equal(["country", "device", "channel", "revenue"], t.Properties.Select(p => p.Name));
    }

    [Fact]
    public void EmptyAndHeaderOnlyFilesAreCol0016()
    {
        using var dir = Temp();
        foreach (var (name, text, preset) in new[]
                 {
                     ("empty.csv", "", Preset.Taobao),
                     ("blank.csv", "\r\n\n", Preset.Taobao),
                     ("header.csv", "InvoiceNo,InvoiceDate,CustomerID,TotalPrice\r\n", Preset.UciRetail),
                 })
        {
            var ex = Assert.Throws<ColumnarException>(() => EventTable.Load(dir.File(name, text), preset));
            Assert.Equal($"COL0016: {name}: no events to load: read 0 row(s), loaded 0, rejected 0: the file holds no data rows", ex.Message);
        }
    }
}
