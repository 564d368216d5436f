using System.Data.Common;
using System.Globalization;
using Columnar.Sql;
using Columnar.Storage;
using Columnar.Tests.TestKit;

namespace Columnar.Tests.Sql;

/// <summary>Tables with every property type, nulls and hostile names, and a row-by-row reader for comparing engines.</summary>
public static class SqlTestKit
{
    public const string Quote = "a\"b";
    public const string Keyword = "select";
    public const string Injection = "x; DROP TABLE events; --";
    public const string Unicode = "名前 ünï";
    public const string Apostrophe = "it's";

    /// <summary>Seven users with string, Int64, Double, Bool, Decimal properties and hostile names; many nulls and a long string.</summary>
    public static EventTable Mixed()
    {
        var j = new Journeys()
            .Prop("country", PropertyType.String).Prop("n", PropertyType.Int64).Prop("x", PropertyType.Double)
            .Prop("flag", PropertyType.Bool).Prop("price", PropertyType.Decimal)
            .Prop(Quote, PropertyType.String).Prop(Keyword, PropertyType.Int64).Prop(Injection, PropertyType.String)
            .Prop(Unicode, PropertyType.String).Prop(Apostrophe, PropertyType.String);
        var rng = new Random(7);
        string[] countries = ["DE", "US", "a rather long country name over twelve bytes", "'; DROP TABLE users; --", "ü", "\"q\""];
        string[] events = ["view", "cart", "buy", "select", "évènement"];
        for (var u = 0; u < 7; u++)
        for (var k = 0; k < 300 + u * 97; k++)
        {
            object? Maybe(object v) => rng.Next(4) == 0 ? null : v;
            j.At($"user-{u}", rng.Next(0, 40 * 86400) + rng.NextDouble(), events[rng.Next(events.Length)],
                ("country", Maybe(countries[rng.Next(countries.Length)])), ("n", Maybe((long)rng.Next(-5, 50))),
                ("x", Maybe(Math.Round(rng.NextDouble() * 100, 3))), ("flag", Maybe(rng.Next(2) == 0)),
                ("price", Maybe(Math.Round((decimal)rng.NextDouble() * 500, 2))),
                (Quote, Maybe(countries[rng.Next(countries.Length)])), (Keyword, Maybe((long)rng.Next(3))),
                (Injection, Maybe("v" + rng.Next(3))), (Unicode, Maybe("ü" + rng.Next(3))), (Apostrophe, Maybe("'" + rng.Next(2))));
        }
        return j.Build();
    }

    /// <summary>Every row of a reader as invariant text, so results from different engines compare exactly (doubles to 12 significant digits).</summary>
    public static List<string> Rows(DbDataReader r)
    {
        var rows = new List<string>();
        while (r.Read())
        {
            var cells = new string[r.FieldCount];
            for (var i = 0; i < r.FieldCount; i++)
                cells[i] = r.IsDBNull(i) ? "NULL" : r.GetValue(i) switch
                {
                    DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
                    // DuckDB sums doubles in parallel, in no fixed order, so the last bits of avg/sum differ between runs.
                    double x => x.ToString("G12", CultureInfo.InvariantCulture),
                    var v => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "",
                };
            rows.Add(string.Join("|", cells));
        }
        return rows;
    }

    private static readonly Dictionary<string, object?> None = [];

    internal static List<string> ZeroCopy(EventTable t, string sql) => t.GetEngineState(x => new EventDatabase(x)).Run(sql, None, Rows);

    internal static List<string> Copied(AppenderCopy copy, string sql) => copy.Run(sql, None, Rows);
}
