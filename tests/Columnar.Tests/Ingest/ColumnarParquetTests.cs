using Apache.Arrow;
using Apache.Arrow.Types;
using Columnar.Datasets;
using Columnar.Ingest;
using Columnar.Storage;
using DuckDB.NET.Data;
using Xunit;
using static Columnar.Tests.Ingest.IngestTestKit;

namespace Columnar.Tests.Ingest;

/// <summary>
/// The columnar Parquet path against the row path (the reference): random files written by DuckDB with nulls, equal timestamps,
/// unsorted rows, text and integer user ids and every property type must give the same table column by column, the same load
/// report, the same rejects file and the same errors. The synthetic and dataset presets must take the columnar path.
/// </summary>
public class ColumnarParquetTests
{
    private const string AllProps =
        "country,qty:int64,score:double,flag:bool,seen:timestamp,small:decimal,qtext:int64,dtext:decimal,day:timestamp,ftext:double,btext:bool,stamp:string";

    /// <summary>
    /// Writes <paramref name="rows"/> pseudo-random rows (seeded through DuckDB's hash) to Parquet. Users come from a small pool,
    /// so runs are long and unsorted; times take few distinct values, so equal (user, time) pairs and exact duplicates occur.
    /// <paramref name="dirt"/> = 0 gives clean rows; otherwise about one row in <paramref name="dirt"/> breaks each rule.
    /// </summary>
    private static string WriteParquet(TempDir dir, string name, int rows, int seed, string userType, int dirt = 0)
    {
        var path = dir.PathOf(name);
        string Bad(int salt, string good, string bad) => dirt == 0 ? good : $"CASE WHEN hash(i, {seed}, {salt}) % {dirt} = 0 THEN {bad} ELSE {good} END";
        var user = userType switch
        {
            "BIGINT" => "(hash(i, {0}, 1) % 150)::BIGINT - 20",
            "VARCHAR" => "CASE hash(i, {0}, 2) % 4 WHEN 0 THEN 'user-with-a-long-id-' || (hash(i, {0}, 1) % 40) WHEN 1 THEN 'ü' || (hash(i, {0}, 1) % 9) "
                         + "ELSE (hash(i, {0}, 1) % 60)::VARCHAR END",
            "CANONICAL" => "((hash(i, {0}, 1) % 90)::BIGINT - 30)::VARCHAR",
            "PADDED" => "lpad((hash(i, {0}, 1) % 70)::VARCHAR, (hash(i, {0}, 2) % 4 + 1)::INT, '0') || CASE WHEN hash(i, {0}, 3) % 5 = 0 THEN '.0' ELSE '' END",
            _ => throw new ArgumentException(userType),
        };
        user = string.Format(System.Globalization.CultureInfo.InvariantCulture, user, seed);
        var sql = $"""
            COPY (SELECT
                {Bad(10, user, "NULL")} AS uid,
                {Bad(11, $"TIMESTAMP '2024-03-01' + to_seconds((hash(i, {seed}, 4) % 40)::BIGINT * 900)", "NULL")} AS ts,
                {Bad(12, $"CASE hash(i, {seed}, 5) % 7 WHEN 0 THEN 'purchase' WHEN 1 THEN 'add_to_cart' WHEN 2 THEN 'a-rather-long-event-name' ELSE 'view_' || (hash(i, {seed}, 6) % 3) END",
                    $"CASE WHEN i % 2 = 0 THEN NULL ELSE '  ' END")} AS ev,
                CASE hash(i, {seed}, 7) % 6 WHEN 0 THEN NULL WHEN 1 THEN 'a-very-long-country-name-' || (hash(i, {seed}, 8) % 5) WHEN 2 THEN 'Ürümqi'
                    WHEN 3 THEN '' ELSE 'c' || (hash(i, {seed}, 8) % 4) END AS country,
                CASE WHEN hash(i, {seed}, 9) % 5 = 0 THEN NULL ELSE (hash(i, {seed}, 13) % 1000)::INTEGER - 500 END AS qty,
                CASE WHEN hash(i, {seed}, 14) % 4 = 0 THEN NULL ELSE (hash(i, {seed}, 15) % 10000)::DOUBLE / 7 END AS score,
                CASE hash(i, {seed}, 16) % 3 WHEN 0 THEN NULL WHEN 1 THEN true ELSE false END AS flag,
                CASE WHEN hash(i, {seed}, 17) % 3 = 0 THEN NULL ELSE TIMESTAMP '2023-01-01' + to_seconds((hash(i, {seed}, 18) % 100000)::BIGINT) END AS seen,
                CASE WHEN hash(i, {seed}, 19) % 3 = 0 THEN NULL ELSE ((hash(i, {seed}, 20) % 200000)::BIGINT - 100000)::DECIMAL(18,2) / 100 END AS price,
                CASE WHEN hash(i, {seed}, 21) % 4 = 0 THEN NULL ELSE ((hash(i, {seed}, 22) % 2000)::INT - 1000)::DECIMAL(4,1) / 10 END AS small,
                {Bad(23, $"CASE WHEN hash(i, {seed}, 24) % 3 = 0 THEN NULL ELSE ((hash(i, {seed}, 25) % 999)::BIGINT - 400)::VARCHAR END", "'12x'")} AS qtext,
                {Bad(26, $"CASE WHEN hash(i, {seed}, 27) % 3 = 0 THEN NULL ELSE ((hash(i, {seed}, 28) % 99999)::BIGINT)::VARCHAR || '.' || lpad((hash(i, {seed}, 29) % 1000)::VARCHAR, 3, '0') END", "'1.2.3'")} AS dtext,
                CASE WHEN hash(i, {seed}, 30) % 5 = 0 THEN NULL ELSE DATE '2024-01-01' + (hash(i, {seed}, 31) % 30)::INT END AS day,
                CASE WHEN hash(i, {seed}, 32) % 5 = 0 THEN NULL ELSE ((hash(i, {seed}, 33) % 1000)::BIGINT)::VARCHAR || 'e-1' END AS ftext,
                CASE hash(i, {seed}, 34) % 4 WHEN 0 THEN NULL WHEN 1 THEN 'yes' WHEN 2 THEN '0' ELSE 'True' END AS btext,
                CASE WHEN hash(i, {seed}, 35) % 4 = 0 THEN NULL ELSE TIMESTAMP '2022-06-01' + to_seconds((hash(i, {seed}, 36) % 50)::BIGINT) END AS stamp,
                i::BIGINT AS n
              FROM range({rows}) t(i)) TO '{path.Replace("'", "''")}' (FORMAT parquet, ROW_GROUP_SIZE 3000)
            """;
        using var db = new DuckDBConnection("DataSource=:memory:");
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
        return path;
    }

    private static Preset Custom(bool integerIds, string props = AllProps) => Preset.Custom with
    {
        IntegerUserIds = integerIds,
        Mapping = new EventMapping { User = "uid", Time = "ts", Event = "ev", Props = props, Amount = "price", Order = "n", Purchase = "purchase" },
    };

    /// <summary>Loads through both paths and asserts the columnar one was used and that both agree in every respect.</summary>
    private static EventTable LoadBoth(string path, Preset preset, LoadOptions? rowOptions = null, LoadOptions? columnarOptions = null)
    {
        var expected = EventLoader.LoadRowPath(path, preset, rowOptions, out var expectedLines, trackLines: true);
        var actual = EventLoader.LoadWithLines(path, preset, columnarOptions ?? rowOptions, out var actualLines);
        Assert.True(actual.LoadReport!.Columnar, "the columnar path was not taken");
        Assert.False(expected.LoadReport!.Columnar);
        AssertSameTable(expected, actual);
        Assert.Equal(expectedLines, actualLines);
        return actual;
    }

    internal static void AssertSameTable(EventTable expected, EventTable actual)
    {
        Assert.Equal(expected.EventCount, actual.EventCount);
        Assert.Equal(expected.UserCount, actual.UserCount);
        Assert.Equal(expected.HasIntegerUserIds, actual.HasIntegerUserIds);
        Assert.Equal(Enumerable.Range(0, expected.UserCount).Select(expected.GetUserId), Enumerable.Range(0, actual.UserCount).Select(actual.GetUserId));
        Assert.True(expected.UserIndex.SequenceEqual(actual.UserIndex), "user index");
        Assert.True(expected.Offsets.SequenceEqual(actual.Offsets), "offsets");
        Assert.True(expected.Times.SequenceEqual(actual.Times), "times");
        Assert.Equal(expected.EventNames, actual.EventNames);
        Assert.True(expected.EventCodes.SequenceEqual(actual.EventCodes), "event codes");
        Assert.Equal((expected.MinTime, expected.MaxTime), (actual.MinTime, actual.MaxTime));
        Assert.Equal(expected.Roles, actual.Roles);
        Assert.Equal(expected.TimeZone, actual.TimeZone);
        Assert.Equal(expected.Properties.Select(p => (p.Name, p.Type)), actual.Properties.Select(p => (p.Name, p.Type)));
        for (var k = 0; k < expected.Properties.Count; k++)
        {
            var (e, a) = (expected.Properties[k], actual.Properties[k]);
            Assert.Equal(e.Data.Data.DataType.TypeId, a.Data.Data.DataType.TypeId);
            if (e.Data.Data.DataType is Decimal128Type de) Assert.Equal((de.Precision, de.Scale), (((Decimal128Type)a.Data.Data.DataType).Precision, ((Decimal128Type)a.Data.Data.DataType).Scale));
            if (e.Type == PropertyType.String)
            {
                var (ed, ad) = (e.DictionaryValues, a.DictionaryValues);
                Assert.Equal(Enumerable.Range(0, ed.Length).Select(i => ed.GetString(i)), Enumerable.Range(0, ad.Length).Select(i => ad.GetString(i)));
            }
            Assert.Equal(e.Data.NullCount, a.Data.NullCount);
            for (var r = 0; r < expected.EventCount; r++)
            {
                Assert.Equal(e.IsNull(r), a.IsNull(r));
                if (e.Type == PropertyType.String && !e.IsNull(r)) Assert.Equal(e.Codes[r], a.Codes[r]);
                var (ev, av) = (e.GetValue(r), a.GetValue(r));
                if (!Equals(ev, av)) Assert.Fail($"property {e.Name}, row {r}: expected {ev}, got {av}");
                if (ev is decimal dv) Assert.Equal(dv.Scale, ((decimal)av!).Scale);
            }
        }
        var (er, ar) = (expected.LoadReport!, actual.LoadReport!);
        Assert.Equal((er.RowsRead, er.RowsLoaded, er.RowsRejected, er.DuplicateRows, er.DuplicateGroups, er.Format),
            (ar.RowsRead, ar.RowsLoaded, ar.RowsRejected, ar.DuplicateRows, ar.DuplicateGroups, ar.Format));
        Assert.Equal(er.RejectsByCode.OrderBy(p => p.Key), ar.RejectsByCode.OrderBy(p => p.Key));
        Assert.Equal(er.Warnings, ar.Warnings);
        Assert.Equal(er.RejectSamples.OrderBy(p => p.Key).Select(p => (p.Key, string.Join("|", p.Value))),
            ar.RejectSamples.OrderBy(p => p.Key).Select(p => (p.Key, string.Join("|", p.Value))));
    }

    [Theory]
    [InlineData(1, "BIGINT", false, 7000)]
    [InlineData(2, "BIGINT", true, 4100)]
    [InlineData(3, "VARCHAR", false, 5000)]
    [InlineData(4, "CANONICAL", false, 3000)]
    [InlineData(5, "PADDED", true, 4500)]
    public void CleanFilesGiveTheRowPathsTable(int seed, string userType, bool integerIds, int rows)
    {
        using var dir = Temp();
        var path = WriteParquet(dir, "clean.parquet", rows, seed, userType);
        using var t = LoadBoth(path, Custom(integerIds));
        Assert.Equal(rows, t.EventCount);
        // With one property, rows sharing user, time and event are common: the duplicate counts must agree too.
        var narrow = Preset.Custom with { IntegerUserIds = integerIds, Mapping = new EventMapping { User = "uid", Time = "ts", Event = "ev", Props = "country" } };
        using var n = LoadBoth(path, narrow);
        Assert.True(n.LoadReport!.DuplicateRows > 0, "the generator should produce exact duplicates");
        Assert.Equal(userType is "BIGINT" or "CANONICAL" or "PADDED", t.HasIntegerUserIds);
    }

    [Theory]
    [InlineData(11, "BIGINT", false)]
    [InlineData(12, "VARCHAR", false)]
    [InlineData(13, "PADDED", true)]
    public void QuarantinedRowsAreTheRowPaths(int seed, string userType, bool integerIds)
    {
        using var dir = Temp();
        var path = WriteParquet(dir, "dirty.parquet", 6000, seed, userType, dirt: 40);
        var rowRejects = dir.PathOf("row.rejects.csv");
        var columnarRejects = dir.PathOf("columnar.rejects.csv");
        using var t = LoadBoth(path, Custom(integerIds),
            new LoadOptions { OnError = OnError.Quarantine, RejectsPath = rowRejects },
            new LoadOptions { OnError = OnError.Quarantine, RejectsPath = columnarRejects });
        Assert.True(t.LoadReport!.RowsRejected > 200, $"only {t.LoadReport.RowsRejected} rejects");
        Assert.True(t.LoadReport.RejectsByCode.Keys.Order().SequenceEqual(["COL0004", "COL0005", "COL0008", "COL0009"]),
            string.Join(",", t.LoadReport.RejectsByCode.Keys));
        Assert.Equal(File.ReadAllText(rowRejects), File.ReadAllText(columnarRejects));
        Assert.Equal(columnarRejects, t.LoadReport.RejectsPath);
    }

    [Theory]
    [InlineData(21, "BIGINT")]
    [InlineData(22, "VARCHAR")]
    public void FailModeThrowsTheRowPathsError(int seed, string userType)
    {
        using var dir = Temp();
        var path = WriteParquet(dir, "dirty.parquet", 5000, seed, userType, dirt: 500);
        var expected = Assert.Throws<ColumnarException>(() => EventLoader.LoadRowPath(path, Custom(false), null, out _));
        var actual = Assert.Throws<ColumnarException>(() => EventTable.Load(path, Custom(false)));
        Assert.Equal((expected.Code, expected.Line, expected.Column, expected.Message), (actual.Code, actual.Line, actual.Column, actual.Message));
        Assert.True(actual.Line > 1);
    }

    [Fact]
    public void TextTimesWithAFormatAndAConstantEventStayColumnar()
    {
        using var dir = Temp();
        var path = dir.PathOf("text.parquet");
        using (var db = new DuckDBConnection("DataSource=:memory:"))
        {
            db.Open();
            using var cmd = db.CreateCommand();
            cmd.CommandText = $"""
                COPY (SELECT (hash(i, 1) % 50)::VARCHAR AS customer, strftime(TIMESTAMP '2019-10-01' + to_seconds((hash(i, 2) % 5000)::BIGINT), '%Y-%m-%d %H:%M:%S') || ' UTC' AS at,
                             CASE WHEN i = 77 THEN 'nonsense' ELSE '' END AS junk, ((hash(i, 3) % 10000)::DOUBLE / 100)::VARCHAR AS dollars
                      FROM range(3000) t(i)) TO '{path.Replace("'", "''")}' (FORMAT parquet)
                """;
            cmd.ExecuteNonQuery();
        }
        var preset = Preset.Custom with
        {
            IntegerUserIds = true,
            TimeZone = "Asia/Shanghai",
            Mapping = new EventMapping { User = "customer", Time = "at", TimeFormat = "yyyy-MM-dd HH:mm:ss 'UTC'", TimeZone = "UTC", Event = "=purchase", Amount = "dollars", Props = "junk" },
        };
        using var t = LoadBoth(path, preset);
        Assert.Equal(["purchase"], t.EventNames);
        Assert.Equal("Asia/Shanghai", t.TimeZone);
    }

    [Fact]
    public void SyntheticParquetTakesTheColumnarPath()
    {
        using var dir = Temp();
        var path = dir.PathOf("synthetic.parquet");
        SyntheticDataset.WriteEventsParquet(path, new SyntheticOptions { Events = 20_000 });
        using var t = LoadBoth(path, Preset.Synthetic);
        Assert.Equal(20_000, t.EventCount);
        Assert.Equal(PropertyType.Decimal, t.Property("revenue")!.Type);
    }

    [Fact]
    public void DatasetPresetsOnParquetTakeTheColumnarPath()
    {
        using var dir = Temp();
        using var db = new DuckDBConnection("DataSource=:memory:");
        db.Open();
        void Copy(string select, string file)
        {
            using var cmd = db.CreateCommand();
            cmd.CommandText = $"COPY ({select}) TO '{dir.PathOf(file).Replace("'", "''")}' (FORMAT parquet)";
            cmd.ExecuteNonQuery();
        }
        Copy("""
             SELECT (hash(i, 1) % 300)::BIGINT AS user_id, (hash(i, 2) % 9000)::BIGINT AS item_id, (hash(i, 3) % 40)::BIGINT AS category_id,
                    ['pv', 'cart', 'fav', 'buy'][(hash(i, 4) % 4)::INT + 1] AS behavior_type, 1511539200 + (hash(i, 5) % 700000)::BIGINT AS timestamp
             FROM range(5000) t(i)
             """, "taobao.parquet");
        Copy("""
             SELECT strftime(TIMESTAMP '2019-10-01' + to_seconds((hash(i, 1) % 90000)::BIGINT), '%Y-%m-%d %H:%M:%S') || ' UTC' AS event_time,
                    ['view', 'cart', 'purchase'][(hash(i, 2) % 3)::INT + 1] AS event_type, (hash(i, 3) % 500)::BIGINT AS product_id,
                    (hash(i, 4) % 30)::BIGINT AS category_id, CASE WHEN i % 3 = 0 THEN NULL ELSE 'electronics.smartphone' END AS category_code,
                    CASE WHEN i % 4 = 0 THEN NULL ELSE 'brand' || (hash(i, 5) % 9) END AS brand, ((hash(i, 6) % 100000)::DECIMAL(18,2) / 100)::DOUBLE AS price,
                    (hash(i, 7) % 400)::BIGINT AS user_id, 'session-' || (hash(i, 8) % 900) AS user_session
             FROM range(5000) t(i)
             """, "rees46.parquet");
        Copy("""
             SELECT lpad((hash(i, 1) % 200)::VARCHAR, 5, '0') AS customer_id, strftime(DATE '1997-01-01' + (hash(i, 2) % 500)::INT, '%Y%m%d') AS date,
                    (hash(i, 3) % 5)::INTEGER + 1 AS n_cds, ((hash(i, 4) % 10000)::DECIMAL(18,2) / 100) AS dollars
             FROM range(4000) t(i)
             """, "cdnow.parquet");
        Copy("""
             SELECT 'INV' || (i // 3) AS InvoiceNo, strftime(DATE '2010-12-01' + (hash(i, 1) % 300)::INT, '%Y-%m-%d') AS InvoiceDate,
                    CASE WHEN i % 50 = 0 THEN NULL ELSE ((hash(i, 2) % 900)::BIGINT + 12000)::DOUBLE END AS CustomerID,
                    ((hash(i, 3) % 50000)::DECIMAL(12,2) / 100) AS TotalPrice
             FROM range(4000) t(i)
             """, "uci.parquet");
        Copy("""
             SELECT CASE WHEN i % 13 = 0 THEN 'C' ELSE '' END || (536000 + i // 4)::VARCHAR AS InvoiceNo, 'SKU' || (hash(i, 1) % 80) AS StockCode,
                    CASE WHEN i % 11 = 0 THEN NULL ELSE 'item, "quoted" ' || (hash(i, 2) % 30) END AS Description,
                    CASE WHEN i % 13 = 0 THEN -1 ELSE (hash(i, 3) % 12)::INTEGER + 1 END AS Quantity,
                    strftime(TIMESTAMP '2010-12-01 08:00:00' + to_seconds((hash(i, 4) % 900000)::BIGINT), '%Y-%m-%d %H:%M:%S') AS InvoiceDate,
                    CASE WHEN i % 97 = 0 THEN 'n/a' ELSE ((hash(i, 5) % 2000)::DOUBLE / 100)::VARCHAR END AS UnitPrice,
                    CASE WHEN i % 29 = 0 THEN NULL ELSE ((hash(i, 6) % 300)::BIGINT + 12000)::DOUBLE END AS CustomerID, 'United Kingdom' AS Country
             FROM range(4000) t(i)
             """, "uci-raw.parquet");
        var quarantine = new LoadOptions { OnError = OnError.Quarantine, RejectsPath = dir.PathOf("r1.csv") };
        var quarantine2 = new LoadOptions { OnError = OnError.Quarantine, RejectsPath = dir.PathOf("r2.csv") };
        using var taobao = LoadBoth(dir.PathOf("taobao.parquet"), Preset.Taobao);
        using var rees = LoadBoth(dir.PathOf("rees46.parquet"), Preset.Rees46);
        using var cdnow = LoadBoth(dir.PathOf("cdnow.parquet"), Preset.Cdnow);
        using var uci = LoadBoth(dir.PathOf("uci.parquet"), Preset.UciRetail, quarantine, quarantine2);
        Assert.Equal(80, uci.LoadReport!.RowsRejected);
        // Derived columns (event kind, amount = Quantity × UnitPrice) are computed on the columnar path too.
        using var raw = LoadBoth(dir.PathOf("uci-raw.parquet"), Preset.UciRetailRaw,
            new LoadOptions { RejectsPath = dir.PathOf("r3.csv") }, new LoadOptions { RejectsPath = dir.PathOf("r4.csv") });
        Assert.Equal(["cancel", "purchase"], raw.EventNames);
        Assert.True(raw.LoadReport!.RejectsByCode["COL0008"] > 0 && raw.LoadReport.RejectsByCode["COL0005"] > 0);
        Assert.Equal(File.ReadAllText(dir.PathOf("r3.csv")), File.ReadAllText(dir.PathOf("r4.csv")));
        Assert.Equal(File.ReadAllText(dir.PathOf("r1.csv")), File.ReadAllText(dir.PathOf("r2.csv")));
        Assert.Equal(5000, taobao.EventCount);
        Assert.Equal(4000, cdnow.EventCount);
        Assert.True(cdnow.HasIntegerUserIds);
    }

    [Fact]
    public void AnEmptyFileAndAllRowsRejectedAgree()
    {
        using var dir = Temp();
        var empty = WriteParquet(dir, "empty.parquet", 0, 1, "BIGINT");
        var noneRow = Assert.Throws<ColumnarException>(() => EventLoader.LoadRowPath(empty, Custom(false), null, out _));
        var noneColumnar = Assert.Throws<ColumnarException>(() => EventTable.Load(empty, Custom(false)));
        Assert.Equal("COL0016: empty.parquet: no events to load: read 0 row(s), loaded 0, rejected 0: the file holds no data rows", noneRow.Message);
        Assert.Equal(noneRow.Message, noneColumnar.Message);
        Assert.True(noneColumnar.LoadReport!.Columnar);
        var path = WriteParquet(dir, "bad.parquet", 100, 2, "BIGINT", dirt: 1);
        var row = Assert.Throws<ColumnarException>(() => EventLoader.LoadRowPath(path, Custom(false),
            new LoadOptions { OnError = OnError.Quarantine, RejectsPath = dir.PathOf("a.csv") }, out _));
        var columnar = Assert.Throws<ColumnarException>(() => EventTable.Load(path, Custom(false),
            new LoadOptions { OnError = OnError.Quarantine, RejectsPath = dir.PathOf("a.csv") }));
        Assert.Equal(ErrorCodes.NoEvents, columnar.Code);
        Assert.Contains("read 100 row(s), loaded 0, rejected 100: every row was rejected (", columnar.Message);
        Assert.Equal(row.Message, columnar.Message);
        Assert.True(columnar.LoadReport!.Columnar);
        Assert.Equal(101, File.ReadAllLines(dir.PathOf("a.csv")).Length);
    }

    [Fact]
    public void WideDecimalsFallBackToTheRowPath()
    {
        using var dir = Temp();
        var path = dir.PathOf("wide.parquet");
        using (var db = new DuckDBConnection("DataSource=:memory:"))
        {
            db.Open();
            using var cmd = db.CreateCommand();
            cmd.CommandText = $"COPY (SELECT i % 7 AS uid, TIMESTAMP '2024-01-01' + to_seconds(i) AS ts, 'e' AS ev, (i * 1.5)::DECIMAL(24,3) AS price FROM range(50) t(i)) TO '{path.Replace("'", "''")}' (FORMAT parquet)";
            cmd.ExecuteNonQuery();
        }
        var preset = Preset.Custom with { Mapping = new EventMapping { User = "uid", Time = "ts", Event = "ev", Amount = "price" } };
        using var t = EventTable.Load(path, preset);
        Assert.False(t.LoadReport!.Columnar);
        Assert.Equal(73.5m, Enumerable.Range(0, t.EventCount).Select(r => (decimal)t.Property("price")!.GetValue(r)!).Max());
    }
}
