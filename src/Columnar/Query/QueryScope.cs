using System.Globalization;
using Columnar.Storage;
using Columnar.Time;

namespace Columnar.Query;

/// <summary>
/// A query's resolved context: the table, the time zone, and the UTC bounds of the --from/--to local-date filter
/// (from inclusive, to exclusive: the start of the day after the last included local date). Resolved once, used by every engine.
/// </summary>
internal sealed record QueryScope(EventTable Table, TimeZoneInfo Zone, string ZoneId, long? FromMicros, long? ToMicrosExclusive, Engine Engine)
{
    /// <summary>Worker threads for the kernel engine.</summary>
    public int Threads { get; init; } = Kernels.UserParallel.DefaultThreads;

    public bool Contains(long micros) => (FromMicros is null || micros >= FromMicros) && (ToMicrosExclusive is null || micros < ToMicrosExclusive);

    /// <summary>The SQL of the scoped events and its parameters: a CTE named <c>ev</c>.</summary>
    public string EventsCte(Dictionary<string, object?> parameters)
    {
        var where = new List<string>(2);
        if (FromMicros is { } f)
        {
            where.Add("\"time\" >= $from_utc");
            parameters["from_utc"] = TimeZones.ToDateTime(f);
        }
        if (ToMicrosExclusive is { } t)
        {
            where.Add("\"time\" < $to_utc");
            parameters["to_utc"] = TimeZones.ToDateTime(t);
        }
        return where.Count == 0
            ? "ev AS (SELECT * FROM events)"
            : $"ev AS (SELECT * FROM events WHERE {string.Join(" AND ", where)})";
    }

    /// <summary>SQL for the local date of <c>"time"</c> (a UTC TIMESTAMP) in the scope's time zone.</summary>
    public string LocalDateSql(string column = "\"time\"") => ReferenceEquals(Zone, TimeZoneInfo.Utc)
        ? $"CAST({column} AS DATE)"
        : $"CAST(timezone({Sql.SqlText.Literal(ZoneId)}, {column} AT TIME ZONE 'UTC') AS DATE)";

    public string Describe()
    {
        var range = FromMicros is null && ToMicrosExclusive is null
            ? "all events"
            : $"[{Format(FromMicros)}, {Format(ToMicrosExclusive)}) UTC";
        return $"table: {Table.Source} ({Table.EventCount:N0} events, {Table.UserCount:N0} users)\n" +
               $"time zone: {ZoneId}\n" +
               $"filter: {range}\n" +
               $"engine: {Engine}" + (Engine == Engine.Kernels ? $" ({Threads} threads, SIMD {Kernels.Simd.Path})" : "");
    }

    private static string Format(long? micros) => micros is null ? "-∞" : TimeZones.ToDateTime(micros.Value).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
