using System.Globalization;
using Columnar.Query;
using Columnar.Sql;
using Columnar.Storage;
using Columnar.Tests.TestKit;
using FsCheck;
using FsCheck.Fluent;

namespace Columnar.Tests.Sql;

/// <summary>A random journey table (events with nullable typed properties) and a random conjunction of filters.</summary>
public sealed record FilterCase((string User, int Second, string Event, string? S, long? N, double? X, bool? B, decimal? M)[] Events, EventFilter[] Filters)
{
    public override string ToString() =>
        $"filters: {string.Join(" AND ", Filters.Select(f => f.ToString()))}\n" +
        string.Join("\n", Events.Select(e => string.Create(CultureInfo.InvariantCulture, $"  {e.User} t{e.Second} {e.Event} s={e.S ?? "null"} n={e.N?.ToString() ?? "null"} x={e.X?.ToString("R") ?? "null"} b={e.B?.ToString() ?? "null"} m={e.M?.ToString() ?? "null"}")));
}

/// <summary>Plan equivalence: random filters on random journeys give the same rows in SQL (EventsCte), in the kernels' row mask,
/// and in a naive LINQ reference written from the documented semantics.</summary>
public class FilterPropertyTests
{
    private static readonly string[] Strings = ["a", "b", "it's", "select", "ü"];

    private static Gen<EventFilter> Filter() => Gen.OneOf(
        Gen.SubListOf(new[] { "view", "cart", "buy", "nope" }).Select(l => EventFilter.EventIn(l.ToArray())),
        Gen.Elements(Strings).Select(v => EventFilter.Equal("s", v)),
        Gen.Elements(Strings).Select(v => EventFilter.NotEqual("s", v)),
        Gen.SubListOf(Strings).Select(l => EventFilter.In("s", l.Cast<object>().ToArray())),
        Gen.Choose(-3, 3).Select(v => EventFilter.Equal("n", (long)v)),
        Gen.Choose(-3, 3).Select(v => EventFilter.NotEqual("n", v)),
        from lo in Gen.Choose(-4, 4) from hi in Gen.Choose(-4, 4) from open in Gen.Choose(0, 3)
        select EventFilter.Range("n", open == 1 ? null : (long)lo, open == 2 ? null : (long)hi),
        from lo in Gen.Choose(-2, 2) from hi in Gen.Choose(-2, 2) select EventFilter.Range("x", lo * 0.5, hi * 0.5),
        from lo in Gen.Choose(-300, 300) from hi in Gen.Choose(-300, 300) select EventFilter.Range("m", lo / 100m, hi / 100m),
        Gen.Choose(-3, 3).Select(v => EventFilter.In("m", v * 0.5m, 1.25m)),
        Gen.Elements(true, false).Select(v => EventFilter.Equal("b", v)),
        Gen.Elements("s", "n", "x", "b", "m").Select(EventFilter.IsNull),
        Gen.Elements("s", "n", "x", "b", "m").Select(EventFilter.IsNotNull));

    private static Gen<FilterCase> Cases() =>
        from n in Gen.Choose(1, 40)
        from events in Gen.ArrayOf(
            from u in Gen.Choose(0, 4)
            from t in Gen.Choose(0, 20)
            from e in Gen.Elements("view", "cart", "buy")
            from s in Gen.Elements<string?>([.. Strings, null])
            from num in Gen.Elements<long?>(-3, -1, 0, 2, 3, null)
            from x in Gen.Elements<double?>(-1.0, -0.5, 0.0, 0.5, 1.0, double.NaN, null)
            from b in Gen.Elements<bool?>(true, false, null)
            from m in Gen.Elements<decimal?>(-1.5m, 0m, 0.5m, 1.25m, 2.99m, null)
            select ($"u{u}", t, e, s, num, x, b, m), n)
        from k in Gen.Choose(1, 3)
        from filters in Gen.ArrayOf(Filter(), k)
        select new FilterCase(events, filters);

    private static EventTable Build(FilterCase c)
    {
        var j = new Journeys().Prop("s", PropertyType.String).Prop("n", PropertyType.Int64).Prop("x", PropertyType.Double)
            .Prop("b", PropertyType.Bool).Prop("m", PropertyType.Decimal);
        foreach (var e in c.Events) j.At(e.User, e.Second, e.Event, ("s", e.S), ("n", e.N), ("x", e.X), ("b", e.B), ("m", e.M));
        return j.Build();
    }

    /// <summary>The documented semantics, written independently: null fails every test except IS NULL; NaN equals NaN and sorts
    /// above every number; ranges are inclusive; filters combine with AND.</summary>
    private static bool Keep(EventFilter f, string ev, object? value)
    {
        if (f.Kind == FilterKind.EventIn) return f.Values.Contains(ev);
        if (f.Kind == FilterKind.IsNull) return value is null;
        if (f.Kind == FilterKind.IsNotNull) return value is not null;
        if (value is null) return false;
        static double D(object o) => Convert.ToDouble(o, CultureInfo.InvariantCulture);
        int Cmp(object a, object b) => a switch
        {
            double x => double.IsNaN(x) ? (double.IsNaN(D(b)) ? 0 : 1) : double.IsNaN(D(b)) ? -1 : x.CompareTo(D(b)),
            decimal m => m.CompareTo(Convert.ToDecimal(b, CultureInfo.InvariantCulture)),
            long l => l.CompareTo(Convert.ToInt64(b, CultureInfo.InvariantCulture)),
            bool x => x.CompareTo((bool)b),
            _ => string.CompareOrdinal((string)a, (string)b),
        };
        return f.Kind switch
        {
            FilterKind.Equal or FilterKind.In => f.Values.Any(v => Cmp(value, v) == 0),
            FilterKind.NotEqual => Cmp(value, f.Values[0]) != 0,
            _ => (f.Min is null || Cmp(value, f.Min) >= 0) && (f.Max is null || Cmp(value, f.Max) <= 0),
        };
    }

    [FsCheck.Xunit.Property(MaxTest = 150)]
    public Property SqlAndMaskMatchTheNaiveFilter() => Prop.ForAll(Cases().ToArbitrary(), c =>
    {
        using var table = Build(c);
        var q = c.Filters.Aggregate(table.Query(), (acc, f) => acc.Where(f));
        var scope = q.Resolve();
        var p = new Dictionary<string, object?>();
        var sql = $"WITH {scope.EventsCte(p)} SELECT seq FROM ev ORDER BY seq";
        var fromSql = table.GetEngineState(t => new EventDatabase(t)).Run(sql, p, SqlTestKit.Rows).Select(int.Parse).ToList();
        var fromMask = Enumerable.Range(0, table.EventCount).Where(r => scope.Includes(r)).ToList();
        var expected = Enumerable.Range(0, table.EventCount).Where(r =>
        {
            object? Value(string name) => table.Property(name)!.GetValue(r);
            var ev = table.EventNames[table.EventCodes[r]];
            return c.Filters.All(f => Keep(f, ev, f.Property is null ? null : Value(f.Property)));
        }).ToList();
        // Both engines run every analysis on the filtered plan and must agree (the kernels see the filters through a subset).
        var steps = table.EventNames.Take(2).ToArray();
        string Analyses(Engine engine)
        {
            var e = q.Using(engine);
            return string.Join("\n---\n", e.Sessions().Run(), e.Retention().Periods(5).Run(),
                steps.Length == 0 ? "" : e.Funnel(steps).Run().ToString(), steps.Length == 0 ? "" : e.Paths(steps[0]).Run().ToString());
        }
        var sqlAnalyses = Analyses(Engine.DuckDb);
        var kernelAnalyses = Analyses(Engine.Kernels);
        return (expected.SequenceEqual(fromSql) && expected.SequenceEqual(fromMask) && sqlAnalyses == kernelAnalyses)
            .Label($"expected [{string.Join(",", expected)}]\nsql [{string.Join(",", fromSql)}]\nmask [{string.Join(",", fromMask)}]\n{sql}\nSQL engine:\n{sqlAnalyses}\nkernels:\n{kernelAnalyses}");
    });

    [Fact]
    public void UnknownPropertiesAndBadValuesAreErrors()
    {
        using var table = Build(new FilterCase([("u", 0, "view", "a", 1, 0.5, true, 1m)], []));
        var unknown = Assert.Throws<ColumnarException>(() => table.Query().Where(EventFilter.Equal("nope", 1)).Resolve());
        Assert.Equal(ErrorCodes.UnknownProperty, unknown.Code);
        Assert.Equal(ErrorCodes.BadOption, Assert.Throws<ColumnarException>(() => table.Query().Where(EventFilter.Equal("n", "1")).Resolve()).Code);
        Assert.Equal(ErrorCodes.BadOption, Assert.Throws<ColumnarException>(() => table.Query().Where(EventFilter.Range("s", "a", "b")).Resolve()).Code);
        Assert.Equal(ErrorCodes.BadOption, Assert.Throws<ColumnarException>(() => EventFilter.Equal("s", null!)).Code);
    }

    [Fact]
    public void FiltersSurviveOtherBuilderStepsAndShowInExplain()
    {
        using var table = Build(new FilterCase([("u", 0, "view", "a", 1, 0.5, true, 1m), ("u", 5, "buy", "b", 2, 1.0, false, 2m)], []));
        var q = table.Query().Where(EventFilter.Equal("s", "it's")).Between(new DateOnly(2024, 1, 1), null).InTimeZone("Europe/Berlin").Using(Engine.DuckDb);
        Assert.Single(q.Filters);
        var explain = q.Sessions().Explain();
        Assert.Contains("where: \"s\" = 'it''s'", explain);
        Assert.Contains("\"s\" = CAST($filter_0_0 AS VARCHAR)", explain);
    }
}
