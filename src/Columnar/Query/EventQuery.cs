using Columnar.Analytics.Funnels;
using Columnar.Analytics.Paths;
using Columnar.Analytics.Retention;
using Columnar.Analytics.Rfm;
using Columnar.Analytics.Sessions;
using Columnar.Kernels;
using Columnar.Profiles;
using Columnar.Storage;
using Columnar.Time;

namespace Columnar.Query;

/// <summary>
/// The immutable root of a query plan over an <see cref="EventTable"/>: a local-date range, row filters (<see cref="Where"/>),
/// an optional user filter (a <see cref="UserSet"/>, see <see cref="For"/>), the time zone and the engine.
/// Every method returns a new query; nothing runs until an analysis's <c>Run()</c>.
/// </summary>
public sealed class EventQuery
{
    internal EventQuery(EventTable table, DateOnly? from, DateOnly? to, string timeZone, Engine engine, UserSet? users = null)
    {
        Users = users;
        Table = table;
        From = from;
        To = to;
        TimeZone = timeZone;
        Engine = engine;
    }

    /// <summary>The table the query reads.</summary>
    public EventTable Table { get; }

    /// <summary>The first local date included, or null for no lower bound.</summary>
    public DateOnly? From { get; }

    /// <summary>The last local date included, or null for no upper bound.</summary>
    public DateOnly? To { get; }

    /// <summary>The IANA time zone for local dates, calendar periods and the date filter.</summary>
    public string TimeZone { get; }

    /// <summary>The engine that runs the analyses.</summary>
    public Engine Engine { get; }

    /// <summary>The row filters, combined with AND and with the date range; empty keeps every event.</summary>
    public IReadOnlyList<EventFilter> Filters { get; private init; } = [];

    /// <summary>The users the analyses are restricted to, or null for every user.</summary>
    public UserSet? Users { get; }

    /// <summary>The worker threads of the <see cref="Engine.Kernels"/> engine: <c>COLUMNAR_THREADS</c> if set, else the processor count,
    /// unless set with <see cref="Threads"/>. Results do not depend on it.</summary>
    public int ThreadCount { get; private init; } = UserParallel.DefaultThreads;

    private EventQuery Copy(DateOnly? from, DateOnly? to, string zone, Engine engine, UserSet? users) =>
        new(Table, from, to, zone, engine, users) { Filters = Filters, ThreadCount = ThreadCount };

    /// <summary>Keeps only events that pass <paramref name="filter"/> (in addition to every earlier filter), before any analysis.</summary>
    /// <param name="filter">For example <c>EventFilter.EventIn("cart", "buy")</c> or <c>EventFilter.Equal("country", "DE")</c>.</param>
    public EventQuery Where(EventFilter filter) => filter is null ? throw new ArgumentNullException(nameof(filter)) :
        new(Table, From, To, TimeZone, Engine, Users) { Filters = [.. Filters, filter], ThreadCount = ThreadCount };

    /// <summary>Keeps only events on local dates <paramref name="from"/>..<paramref name="to"/>, both inclusive, in <see cref="TimeZone"/>.
    /// The filter applies before any analysis.</summary>
    public EventQuery Between(DateOnly? from, DateOnly? to) => Copy(from, to, TimeZone, Engine, Users);

    /// <summary>Sets the IANA time zone used for local dates and calendar periods (for example <c>Asia/Shanghai</c>).</summary>
    public EventQuery InTimeZone(string zone) =>
        string.IsNullOrEmpty(zone) ? throw new ArgumentException("a time zone id is required, such as UTC or Asia/Shanghai", nameof(zone)) : Copy(From, To, zone, Engine, Users);

    /// <summary>Chooses the engine.</summary>
    public EventQuery Using(Engine engine) => Copy(From, To, TimeZone, engine, Users);

    /// <summary>Sets the worker threads of the <see cref="Engine.Kernels"/> engine (at least 1). Users are split into ranges fixed by the
    /// data, so the results are identical for any thread count.</summary>
    /// <exception cref="ColumnarException">ANA0001 when <paramref name="threads"/> is less than 1.</exception>
    public EventQuery Threads(int threads) => threads < 1
        ? throw new ColumnarException(ErrorCodes.BadOption, $"threads must be at least 1, got {threads}")
        : new(Table, From, To, TimeZone, Engine, Users) { Filters = Filters, ThreadCount = threads };

    /// <summary>
    /// Restricts every analysis to the events of <paramref name="users"/> (for example a segment), or lifts the restriction
    /// with null. The filter applies before any analysis, together with the date filter.
    /// </summary>
    /// <exception cref="ColumnarException">PRO0005 when the set belongs to another table.</exception>
    public EventQuery For(UserSet? users)
    {
        if (users is not null && !ReferenceEquals(users.Table, Table))
            throw new ColumnarException(ErrorCodes.TableMismatch, users.Table.Source == Table.Source
                ? $"the user set belongs to another table loaded from {Table.Source}; dense user indexes differ between loads, so convert it with UserSet.FromUserIds(table, set.UserIdTexts())"
                : $"the user set belongs to {users.Table.Source}, not to {Table.Source}");
        return Copy(From, To, TimeZone, Engine, users);
    }

    /// <summary>Sessions with the default 30-minute timeout.</summary>
    public SessionsQuery Sessions() => new(this, SessionsDefinition.Default);

    /// <summary>"On" retention with the defaults: local days (14 columns), any event starts a cohort and any event returns.</summary>
    public RetentionQuery Retention() => new(this, RetentionDefinition.Default);

    /// <summary>RFM with the table's roles: the purchase event, the amount and the order columns from <see cref="EventTable.Roles"/>.</summary>
    public RfmQuery Rfm() => new(this, RfmDefinition.FromRoles(Table.Roles));

    /// <summary>An ordered funnel over <paramref name="steps"/> (event names, which may repeat) with the default 1-day window.</summary>
    /// <param name="steps">The event names of the steps, in order.</param>
    public FunnelQuery Funnel(params string[] steps) => new(this, FunnelDefinition.Create(steps));

    /// <summary>The top 10 events immediately after <paramref name="anchorEvent"/>, across sessions; see <see cref="PathsQuery"/> for the options.</summary>
    /// <param name="anchorEvent">The anchor event name.</param>
    public PathsQuery Paths(string anchorEvent) => new(this, new PathsDefinition(anchorEvent));

    /// <summary>Resolves the time zone and the UTC bounds once, validating them.</summary>
    internal QueryScope Resolve()
    {
        Table.ThrowIfDisposed();
        var zone = TimeZones.Find(TimeZone);
        if (From is { } f && To is { } t && f > t)
            throw new ColumnarException(ErrorCodes.BadOption, $"the date range starts after it ends: from {f:yyyy-MM-dd} is after to {t:yyyy-MM-dd}");
        long? fromMicros = From is { } a ? TimeZones.StartOfLocalDate(a, zone) : null;
        long? toMicros = To is { } b ? TimeZones.EndOfLocalDate(b, zone) : null;
        return new QueryScope(Table, zone, TimeZones.CanonicalId(TimeZone), fromMicros, toMicros, Engine)
        {
            Filters = Filters.Select(f => RowFilter.Resolve(Table, f)).ToArray(),
            Users = Users,
            Threads = ThreadCount,
        };
    }
}
