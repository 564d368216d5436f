using Columnar.Analytics.Funnels;
using Columnar.Query;
using Columnar.Storage;

namespace Columnar.Tests.Kernels;

/// <summary>The kernel engine labels breakdown values of every property type exactly as DuckDB's CAST to VARCHAR does.</summary>
public class FunnelKernelBreakdownTests
{
    [Fact]
    public void EveryPropertyTypeIsLabelledLikeSqlAndOrderDedupWorksForEveryOrderType()
    {
        var doubles = new[] { 3.0, 0.1 + 0.2, 1e20, -0.0, 0.0, 1e-5, 1e15, 1e16, 123.45, -2.5e-7, double.NaN, double.PositiveInfinity };
        var decimals = new[] { 12.3m, -0.05m, 0m, 1234567.891m };
        var t0 = Columnar.Time.TimeZones.ToMicros(new DateTime(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc));
        var stamps = new[] { t0, t0 + 500_000, t0 + 123, t0 + 86_399_999_999 };
        foreach (var orderType in new[] { PropertyType.String, PropertyType.Double, PropertyType.Decimal, PropertyType.Timestamp, PropertyType.Bool })
        {
            var b = new EventTableBuilder(new EventRoles(Purchase: "buy", Order: "o"));
            var d = b.AddProperty("d", PropertyType.Double);
            var m = b.AddProperty("m", PropertyType.Decimal);
            var ts = b.AddProperty("ts", PropertyType.Timestamp);
            var o = b.AddProperty("o", orderType);
            var rng = new Random(5);
            for (var u = 0; u < 60; u++)
            {
                var t = t0 + u * 1_000_000L;
                b.Append(u, t, "A");
                b.SetDouble(d, doubles[u % doubles.Length]);
                if (u % 7 != 0) b.SetDecimal(m, decimals[u % decimals.Length]);
                b.SetTimestamp(ts, stamps[u % stamps.Length]);
                for (var i = 0; i < 1 + u % 3; i++)
                {
                    b.Append(u, t + 10 + i, "buy");
                    var key = rng.Next(3);
                    switch (orderType)
                    {
                        case PropertyType.String: b.SetString(o, $"o{key}"); break;
                        case PropertyType.Double: b.SetDouble(o, key == 0 ? -0.0 : key == 1 ? 0.0 : double.NaN); break;
                        case PropertyType.Decimal: b.SetDecimal(o, key * 1.5m); break;
                        case PropertyType.Timestamp: b.SetTimestamp(o, t0 + key); break;
                        default: b.SetBool(o, key == 0); break;
                    }
                }
            }
            using var table = b.Build();
            foreach (var by in new[] { "d", "m", "ts" })
            {
                var sql = table.Query().Using(Engine.DuckDb).Funnel("A", "buy", "buy").BreakdownBy(by).Run();
                var kernels = table.Query().Using(Engine.Kernels).Funnel("A", "buy", "buy").BreakdownBy(by).Run();
                FunnelKernelPropertyTests.AssertSame(sql, kernels);
                Assert.True(sql.Steps[2].Users > 0);
            }
        }

        // Hand-checked labels (DuckDB's own text for these values).
        Assert.Equal("3.0", BreakdownText.Double(3.0));
        Assert.Equal("0.30000000000000004", BreakdownText.Double(0.1 + 0.2));
        Assert.Equal("1e+20", BreakdownText.Double(1e20));
        Assert.Equal("-0.0", BreakdownText.Double(-0.0));
        Assert.Equal("1e-05", BreakdownText.Double(1e-5));
        Assert.Equal("0.0001", BreakdownText.Double(1e-4));
        Assert.Equal("1000000000000000.0", BreakdownText.Double(1e15));
        Assert.Equal("1.2345678901234568e+17", BreakdownText.Double(123456789012345678.0));
        Assert.Equal("2024-03-01 00:00:00.5", BreakdownText.Timestamp(t0 + 500_000));
        Assert.Equal("2024-03-01 00:00:00.000123", BreakdownText.Timestamp(t0 + 123));
        Assert.Equal("2024-03-01 00:00:00", BreakdownText.Timestamp(t0));
    }
}
