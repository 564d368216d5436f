using System.Globalization;
using Columnar.Governance;
using Columnar.Ingest;
using Columnar.Tests.Ingest;
using DuckDB.NET.Data;

namespace Columnar.Tests.Governance;

/// <summary>Quality reports on the real dirty rows of the shared datasets; expected counts come from naive scans or DuckDB SQL.</summary>
public class DatasetQualityTests
{
    [Fact]
    public void TaobaoUserSliceHas35RowsOutsideTheWindowAndACutLastLine()
    {
        var path = IngestTestKit.Dataset("taobao_userbehavior_userslice/UserBehavior.csv");
        // Window 2017-11-25 00:00 .. 2017-12-04 00:00 Beijing = [1511539200, 1512316800) unix seconds.
        var lines = File.ReadAllLines(path);
        long outside = 0;
        foreach (var line in lines[..^1])
        {
            var ts = long.Parse(line.Split(',')[4], CultureInfo.InvariantCulture);
            if (ts < 1511539200 || ts >= 1512316800) outside++;
        }
        Assert.Equal(35, outside);

        using var dir = IngestTestKit.Temp();
        var zone = "Asia/Shanghai";
        var options = new GovernanceOptions
        {
            Time = new TimeHygieneOptions { Start = new DateTimeOffset(2017, 11, 25, 0, 0, 0, TimeSpan.FromHours(8)), End = new DateTimeOffset(2017, 12, 4, 0, 0, 0, TimeSpan.FromHours(8)) },
        };
        using var g = DataGovernance.Load(path, Preset.Taobao, new LoadOptions { RejectsPath = dir.PathOf("r.csv"), TimeZone = zone }, options);
        var r = g.Report;
        Assert.Equal(lines.Length, r.RowsRead);
        Assert.Equal(1, r.RowsRejected);
        Assert.Equal(lines.Length, Assert.Single(r.Category(QualityCategory.Rejected).Reasons, x => x.Reason == ErrorCodes.TruncatedRow).Examples.Single().Line);
        Assert.Equal(outside, r.Category(QualityCategory.TimeOutOfRange).Rows);
        Assert.Equal(1 + outside, r.RowsFlagged);
    }

    [Fact]
    public void Rees46VerbatimFileEndsMidLine()
    {
        var path = IngestTestKit.Dataset("rees46_multicategory/2019-Oct.csv");
        var text = File.ReadAllText(path);
        Assert.False(text.EndsWith('\n'));
        var dataRows = text.Count(c => c == '\n'); // header + complete rows end in '\n'; the cut row does not
        using var dir = IngestTestKit.Temp();
        using var g = DataGovernance.Load(path, Preset.Rees46, new LoadOptions { RejectsPath = dir.PathOf("r.csv") });
        Assert.Equal(dataRows, g.Report.RowsRead);
        Assert.Equal(1, g.Report.Category(QualityCategory.Rejected).Reasons.Single(x => x.Reason == ErrorCodes.TruncatedRow).Rows);
        Assert.Equal(g.Report.RowsRead, g.Report.Categories.Sum(c => c.Rows) + g.Report.RowsClean);
    }

    [Fact]
    public void UciRawLineItemsCancellationsNegativeQuantitiesAndMissingCustomers()
    {
        var path = IngestTestKit.Dataset("uci_online_retail/OnlineRetail.csv");
        long missing, cancels, nonPositive, duplicates;
        using (var db = new DuckDBConnection("DataSource=:memory:"))
        {
            db.Open();
            using var cmd = db.CreateCommand();
            var src = $"read_csv('{path.Replace("'", "''")}', header = true, all_varchar = true)";
            cmd.CommandText = $"""
                SELECT count(*) FILTER (WHERE CustomerID IS NULL),
                       count(*) FILTER (WHERE CustomerID IS NOT NULL AND InvoiceNo LIKE 'C%'),
                       count(*) FILTER (WHERE CustomerID IS NOT NULL AND CAST(Quantity AS BIGINT) < 1)
                FROM {src}
                """;
            using (var rd = cmd.ExecuteReader())
            {
                rd.Read();
                (missing, cancels, nonPositive) = (rd.GetInt64(0), rd.GetInt64(1), rd.GetInt64(2));
            }
            cmd.CommandText = $"SELECT CAST(coalesce(sum(c - 1), 0) AS BIGINT) FROM (SELECT InvoiceNo, StockCode, Description, Quantity, InvoiceDate, UnitPrice, CustomerID, Country, count(*) AS c FROM {src} WHERE CustomerID IS NOT NULL GROUP BY ALL)";
            duplicates = Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
        }
        Assert.Equal(2000, missing); // the dataset README's independent counts

        // A plan where every line item has a positive quantity: cancellations (negative) and other negative lines violate it.
        var plan = TrackingPlan.Parse("""
            {"events": [
              {"name": "purchase", "properties": [{"name": "Quantity", "type": "int64", "required": true, "min": 1}]},
              {"name": "cancel", "properties": [{"name": "Quantity", "type": "int64", "required": true, "min": 1}]}]}
            """);
        using var dir = IngestTestKit.Temp();
        using var g = DataGovernance.Load(path, Preset.UciRetailRaw, new LoadOptions { RejectsPath = dir.PathOf("r.csv") }, new GovernanceOptions { Plan = plan });
        var r = g.Report;
        Assert.Equal(30000, r.RowsRead);
        Assert.Equal(missing, r.Category(QualityCategory.Rejected).Reasons.Single(x => x.Reason == ErrorCodes.EmptyUser).Rows);
        Assert.Equal(cancels, r.Plan!.Events.Single(e => e.Event == "cancel").Rows);
        Assert.Equal(nonPositive, r.Plan.ByKind[PlanViolationKind.OutOfRange]);
        Assert.Equal(duplicates, r.Category(QualityCategory.Duplicate).Rows);
        Assert.Equal(r.RowsRead, r.Categories.Sum(c => c.Rows) + r.RowsClean);

        // Without cancellations in the plan they are unknown events.
        using var g2 = DataGovernance.Load(path, Preset.UciRetailRaw, new LoadOptions { RejectsPath = dir.PathOf("r2.csv") },
            new GovernanceOptions { Plan = new TrackingPlan([plan.Events[0]]) });
        Assert.Equal(cancels, g2.Report.Plan!.ByKind[PlanViolationKind.UnknownEvent]);
    }
}
