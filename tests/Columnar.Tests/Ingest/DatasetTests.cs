using System.Globalization;
using Columnar.Ingest;
using Columnar.Storage;
using Xunit;
using Xunit.Abstractions;
using static Columnar.Tests.Ingest.IngestTestKit;

namespace Columnar.Tests.Ingest;

/// <summary>Each preset on its real file, checked against figures computed here by plain string splitting, and against the README.</summary>
public class DatasetTests(ITestOutputHelper output)
{
    private static void Reconciles(LoadReport r) => Assert.Equal(r.RowsRead, r.RowsLoaded + r.RowsRejected);

    private static long EpochSeconds(string s) => long.Parse(s, CultureInfo.InvariantCulture) * 1_000_000;

    private void Report(EventTable t) => output.WriteLine(t.LoadReport!.ToString());

    [Fact]
    public void TaobaoUserSliceMatchesReadme()
    {
        var path = Dataset("taobao_userbehavior_userslice/UserBehavior.trimmed.csv");
        var lines = File.ReadAllLines(path).Select(l => l.Split(',')).ToArray();
        using var t = EventTable.Load(path, Preset.Taobao);
        Report(t);
        Assert.Equal(lines.Length, t.EventCount);
        Assert.Equal(84_475, t.EventCount);
        Assert.Equal(lines.Select(f => f[0]).Distinct().Count(), t.UserCount);
        Assert.Equal(815, t.UserCount);
        Assert.Equal(lines.Min(f => EpochSeconds(f[4])), t.MinTime);
        Assert.Equal(lines.Max(f => EpochSeconds(f[4])), t.MaxTime);
        // README: 2017-11-25..12-03 Beijing time, plus 35 rows outside that window.
        var from = Micros(new DateTimeOffset(2017, 11, 25, 0, 0, 0, TimeSpan.FromHours(8)));
        var to = Micros(new DateTimeOffset(2017, 12, 4, 0, 0, 0, TimeSpan.FromHours(8)));
        var outside = 0;
        foreach (var time in t.Times) if (time < from || time >= to) outside++;
        Assert.Equal(35, outside);
        Assert.Equal(lines.Count(f => EpochSeconds(f[4]) < from || EpochSeconds(f[4]) >= to), outside);
        Assert.True(t.HasIntegerUserIds);
        Assert.Equal(["buy", "cart", "fav", "pv"], t.EventNames);
        var buys = t.EventCode("buy");
        Assert.Equal(lines.Count(f => f[3] == "buy"), t.EventCodes.ToArray().Count(c => c == buys));
        Assert.Equal(Storage.PropertyType.Int64, t.Property("category_id")!.Type);
        Assert.Equal(0, t.LoadReport!.RowsRejected);
        Assert.Equal(path, t.Source);
        Reconciles(t.LoadReport);
    }

    [Fact]
    public void TaobaoTimeSliceMatchesReadme()
    {
        var path = Dataset("taobao_userbehavior_timeslice/UserBehavior.csv");
        var lines = File.ReadAllLines(path).Select(l => l.Split(',')).ToArray();
        using var t = EventTable.Load(path, Preset.Taobao);
        Report(t);
        Assert.Equal(110_300, lines.Length);
        Assert.Equal(110_300, t.EventCount);
        Assert.Equal(66_454, lines.Select(f => f[0]).Distinct().Count());
        Assert.Equal(66_454, t.UserCount);
        Assert.Equal(lines.Min(f => EpochSeconds(f[4])), t.MinTime);
        Assert.Equal(lines.Max(f => EpochSeconds(f[4])), t.MaxTime);
        // README: 2017-11-26 09:00–11:10 Beijing time.
        Assert.Equal(new DateTimeOffset(2017, 11, 26, 9, 0, 0, TimeSpan.FromHours(8)), Utc(t.MinTime!.Value));
        Assert.Equal(new DateTimeOffset(2017, 11, 26, 11, 10, 0, TimeSpan.FromHours(8)), Utc(t.MaxTime!.Value).AddSeconds(-Utc(t.MaxTime!.Value).Second));
    }

    [Fact]
    public void Rees46MatchesReadme()
    {
        var path = Dataset("rees46_multicategory/2019-Oct.trimmed.csv");
        var rows = File.ReadAllLines(path).Skip(1).Select(l => l.Split(',')).ToArray();
        Assert.All(rows, r => Assert.Equal(9, r.Length));
        using var t = EventTable.Load(path, Preset.Rees46);
        Report(t);
        Assert.Equal(17_434, rows.Length);
        Assert.Equal(rows.Length, t.EventCount);
        Assert.Equal(4_504, rows.Select(r => r[7]).Distinct().Count());
        Assert.Equal(4_504, t.UserCount);
        Assert.Equal(new DateTimeOffset(2019, 10, 1, 0, 0, 0, TimeSpan.Zero), Utc(t.MinTime!.Value));
        Assert.Equal(new DateTimeOffset(2019, 10, 1, 2, 50, 0, TimeSpan.Zero), Utc(t.MaxTime!.Value));
        // price is an exact decimal amount; empty brand and category_code are null.
        var price = t.Property("price")!;
        Assert.Equal(Storage.PropertyType.Decimal, price.Type);
        var sum = Enumerable.Range(0, t.EventCount).Sum(i => (decimal)price.GetValue(i)!);
        Assert.Equal(rows.Sum(r => decimal.Parse(r[6], CultureInfo.InvariantCulture)), sum);
        var brand = t.Property("brand")!;
        Assert.Equal(rows.Count(r => r[5].Length == 0), Enumerable.Range(0, t.EventCount).Count(brand.IsNull));
        Assert.Equal("price", t.Roles.Amount);
        Assert.Equal("purchase", t.Roles.Purchase);
        Assert.Equal(Storage.PropertyType.Int64, t.Property("category_id")!.Type);
    }

    [Fact]
    public void CdnowMatchesReadmeWith215DuplicateGroups()
    {
        var path = Dataset("cdnow/CDNOW_master.txt");
        var rows = File.ReadAllLines(path).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToArray();
        using var t = EventTable.Load(path, Preset.Cdnow);
        Report(t);
        Assert.Equal(69_659, rows.Length);
        Assert.Equal(69_659, t.EventCount);
        Assert.Equal(23_570, rows.Select(r => int.Parse(r[0], CultureInfo.InvariantCulture)).Distinct().Count());
        Assert.Equal(23_570, t.UserCount);
        Assert.Equal(1L, t.GetUserId(0)); // "00001"
        Assert.Equal(new DateTimeOffset(1997, 1, 1, 0, 0, 0, TimeSpan.Zero), Utc(t.MinTime!.Value));
        Assert.Equal(new DateTimeOffset(1998, 6, 30, 0, 0, 0, TimeSpan.Zero), Utc(t.MaxTime!.Value));
        var groups = rows.GroupBy(r => string.Join(' ', r)).Where(g => g.Count() > 1).ToArray();
        Assert.Equal(215, groups.Length);
        Assert.Equal(215, t.LoadReport!.DuplicateGroups);
        Assert.Equal(groups.Sum(g => g.Count() - 1), t.LoadReport.DuplicateRows);
        Assert.Equal(69_659, t.LoadReport.RowsLoaded); // nothing is deduplicated
        var dollars = t.Property("dollars")!;
        Assert.Equal(80, Enumerable.Range(0, t.EventCount).Count(i => (decimal)dollars.GetValue(i)! == 0m));
    }

    [Fact]
    public void UciRetailMatchesReadme()
    {
        var path = Dataset("uci_online_retail/online_retail.csv");
        var rows = File.ReadAllLines(path).Skip(1).Select(l => l.Split(',')).ToArray();
        using var t = EventTable.Load(path, Preset.UciRetail);
        Report(t);
        Assert.Equal(18_532, rows.Length);
        Assert.Equal(18_532, t.EventCount);
        Assert.Equal(4_338, rows.Select(r => r[2]).Distinct().Count());
        Assert.Equal(4_338, t.UserCount);
        Assert.Equal(new DateTimeOffset(2010, 12, 1, 0, 0, 0, TimeSpan.Zero), Utc(t.MinTime!.Value));
        Assert.Equal(new DateTimeOffset(2011, 12, 9, 0, 0, 0, TimeSpan.Zero), Utc(t.MaxTime!.Value));
        var total = t.Property("TotalPrice")!;
        Assert.Equal(rows.Sum(r => decimal.Parse(r[3], CultureInfo.InvariantCulture)), Enumerable.Range(0, t.EventCount).Sum(i => (decimal)total.GetValue(i)!));
        // "22.200000000000003" stays exact.
        Assert.Contains(22.200000000000003m, Enumerable.Range(0, t.EventCount).Select(i => (decimal)total.GetValue(i)!));
        Assert.Equal("InvoiceNo", t.Roles.Order);
    }

    [Fact]
    public void UciRetailRawQuarantinesRowsWithoutCustomer()
    {
        using var dir = Temp();
        var path = Dataset("uci_online_retail/OnlineRetail.csv");
        // The last four fields never contain commas: InvoiceDate, UnitPrice, CustomerID, Country.
        var rows = File.ReadAllLines(path).Skip(1).Select(l => l.Split(',')).ToArray();
        var withCustomer = rows.Where(r => r[^2].Length > 0).ToArray();
        var rejects = dir.PathOf("raw.rejects.csv");
        using var t = EventTable.Load(path, Preset.UciRetailRaw, new LoadOptions { RejectsPath = rejects });
        Report(t);
        var r = t.LoadReport!;
        Assert.Equal(30_000, r.RowsRead);
        Assert.Equal(2_000, r.RowsRejected);
        Assert.Equal(2_000, rows.Length - withCustomer.Length);
        Assert.Equal(2_000, r.RejectsByCode["COL0005"]);
        Assert.Single(r.RejectsByCode);
        Assert.Equal(28_000, r.RowsLoaded);
        Reconciles(r);
        Assert.Equal(3_569, withCustomer.Select(f => f[^2]).Distinct().Count());
        Assert.Equal(3_569, t.UserCount);
        Assert.Equal(12923L, t.GetUserId(Enumerable.Range(0, t.UserCount).First(u => (long)t.GetUserId(u) == 12923)));
        var cancel = t.EventCode("cancel");
        Assert.Equal(withCustomer.Count(f => f[0].StartsWith('C')), t.EventCodes.ToArray().Count(c => c == cancel));
        // amount = Quantity × UnitPrice, exact.
        var amount = t.Property("amount")!;
        var expected = withCustomer.Sum(f => decimal.Parse(f[^5], CultureInfo.InvariantCulture) * decimal.Parse(f[^3], CultureInfo.InvariantCulture));
        Assert.Equal(expected, Enumerable.Range(0, t.EventCount).Sum(i => (decimal)amount.GetValue(i)!));
        Assert.Equal(2_001, File.ReadAllLines(rejects).Length);
        Assert.Equal(rejects, r.RejectsPath);
    }

    [Fact]
    public void TruncatedTaobaoFailsWithCol0007AtTheLastLine()
    {
        var path = Dataset("taobao_userbehavior_userslice/UserBehavior.csv");
        var bytes = File.ReadAllBytes(path);
        Assert.NotEqual((byte)'\n', bytes[^1]);
        var lastLine = bytes.Count(b => b == (byte)'\n') + 1;
        var ex = Assert.Throws<ColumnarException>(() => EventTable.Load(path, Preset.Taobao));
        Assert.Equal("COL0007", ex.Code);
        Assert.Equal(lastLine, ex.Line);
        Assert.Contains("UserBehavior.csv", ex.Message);
        Assert.Contains($"line {lastLine}", ex.Message);
    }

    [Fact]
    public void TruncatedTaobaoQuarantinesOneRow()
    {
        using var dir = Temp();
        var path = Dataset("taobao_userbehavior_userslice/UserBehavior.csv");
        var trimmedRows = File.ReadAllLines(Dataset("taobao_userbehavior_userslice/UserBehavior.trimmed.csv")).Length;
        var lastLine = File.ReadAllBytes(path).Count(b => b == (byte)'\n') + 1;
        using var t = EventTable.Load(path, Preset.Taobao, new LoadOptions { OnError = OnError.Quarantine, RejectsPath = dir.PathOf("r.csv") });
        var r = t.LoadReport!;
        Assert.Equal(trimmedRows, r.RowsLoaded);
        Assert.Equal(1, r.RowsRejected);
        Assert.Equal(r.RowsLoaded + 1, r.RowsRead);
        var rejectLines = File.ReadAllLines(r.RejectsPath!);
        Assert.Equal(2, rejectLines.Length);
        Assert.StartsWith($"{lastLine},COL0007,,", rejectLines[1]);
        Assert.EndsWith(",\"100370,1968385,1875258,pv\"", rejectLines[1]);
    }

    [Fact]
    public void TruncatedRees46FailsAndQuarantines()
    {
        using var dir = Temp();
        var path = Dataset("rees46_multicategory/2019-Oct.csv");
        var lastLine = File.ReadAllBytes(path).Count(b => b == (byte)'\n') + 1;
        var ex = Assert.Throws<ColumnarException>(() => EventTable.Load(path, Preset.Rees46));
        Assert.Equal("COL0007", ex.Code);
        Assert.Equal(lastLine, ex.Line);
        Assert.Contains("2019-Oct.csv", ex.Message);

        var trimmedRows = File.ReadAllLines(Dataset("rees46_multicategory/2019-Oct.trimmed.csv")).Length - 1;
        using var t = EventTable.Load(path, Preset.Rees46, new LoadOptions { OnError = OnError.Quarantine, RejectsPath = dir.PathOf("r.csv") });
        Assert.Equal(trimmedRows, t.LoadReport!.RowsLoaded);
        Assert.Equal(1, t.LoadReport.RowsRejected);
        Assert.Equal(trimmedRows + 1, t.LoadReport.RowsRead);
        Assert.Equal(1, t.LoadReport.RejectsByCode["COL0007"]);
    }
}
