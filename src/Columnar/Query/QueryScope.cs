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
    /// <summary>The resolved row filters (event in list, property tests), combined with AND; empty keeps every row.</summary>
    public IReadOnlyList<RowFilter> Filters { get; init; } = [];

    private RowMask? _mask;

    /// <summary>
    /// For kernels: the rows that pass every filter in <see cref="Filters"/>, computed on first use and then shared, or null when
    /// there are no filters. The mask does not include the time range; test that with <see cref="Contains"/>, or use
    /// <see cref="Includes"/>, which tests both. Thread-safe: concurrent callers may compute it twice but see equal masks.
    /// </summary>
    public RowMask? Mask
    {
        get
        {
            if (Filters.Count == 0) return null;
            if (_mask is { } m) return m;
            var mask = new RowMask(Table.EventCount);
            foreach (var f in Filters) f.Apply(Table, mask);
            return _mask = mask;
        }
    }

    /// <summary>True when row <paramref name="row"/> is in scope: inside the time range and passing every filter.
    /// Kernels may call it per row, or hoist <see cref="Mask"/> and the time bounds out of their loops.</summary>
    public bool Includes(int row) => Contains(Table.Times[row]) && (Mask?[row] ?? true);

    /// <summary>
    /// The user filter (<see cref="EventQuery.For"/>), or null for every user. Every engine must honour it: the SQL engine
    /// through <see cref="EventsCte"/>; a per-user kernel skips users with <c>!Users.Contains(u)</c> (or walks
    /// <see cref="Profiles.UserSet.ToArray"/>, which is ascending), before any per-user work.
    /// </summary>
    public Profiles.UserSet? Users { get; init; }

    public bool Contains(long micros) => (FromMicros is null || micros >= FromMicros) && (ToMicrosExclusive is null || micros < ToMicrosExclusive);

    /// <summary>True when dense user <paramref name="user"/> passes the user filter.</summary>
    public bool ContainsUser(int user) => Users is null || Users.Contains(user);

    /// <summary>The SQL of the scoped events and its parameters: a CTE named <c>ev</c>.</summary>
    /// <remarks>The user filter binds the ascending dense ids as one INTEGER[] parameter <c>$scope_users</c>
    /// (never spliced into the text); DuckDB turns the IN over the unnested list into a hash semi-join.</remarks>
    public string EventsCte(Dictionary<string, object?> parameters)
    {
        var where = new List<string>(3 + Filters.Count);
        if (Users is { } users)
        {
            where.Add("\"user\" IN (SELECT unnest($scope_users))");
            parameters["scope_users"] = users.ToArray();
        }
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
        for (var i = 0; i < Filters.Count; i++) where.Add(Filters[i].Sql(parameters, i));
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
               (Users is { } u ? $"users: {u.Count:N0} of {Table.UserCount:N0} (a user set)\n" : "") +
               $"time zone: {ZoneId}\n" +
               $"filter: {range}\n" +
               (Filters.Count == 0 ? "" : $"where: {string.Join(" and ", Filters.Select(f => f.ToString()))}\n") +
               $"engine: {Engine}";
    }

    private static string Format(long? micros) => micros is null ? "-∞" : TimeZones.ToDateTime(micros.Value).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
