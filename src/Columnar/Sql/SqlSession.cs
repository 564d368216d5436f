using System.Data.Common;
using Apache.Arrow;
using Columnar.Storage;
using DuckDB.NET.Data;

namespace Columnar.Sql;

/// <summary>
/// An embedded, in-memory DuckDB database in which Arrow record batches and event tables are registered as named tables
/// without copying them: each name is a view over a table function that reads the Arrow buffers in place, with projection
/// pushdown and parallel scans. Every query runs on its own connection, so queries may run concurrently from many threads.
/// The session's time zone is UTC. Registered data must not change while the session lives (Arrow arrays are immutable).
/// </summary>
/// <remarks>
/// Registered names are temporary views that every connection creates afresh when it opens, so SQL that drops or replaces one
/// (<c>DROP VIEW events</c>, <c>CREATE OR REPLACE TEMP VIEW events AS …</c>) changes only its own connection: the next query, and
/// every analysis of the DuckDB engine, sees the registered data again. A temporary view also shadows a persistent table or view of
/// the same name that SQL may have created. Each connection's time zone is set to UTC when it opens, whatever <c>SET GLOBAL</c> said.
/// </remarks>
public sealed class SqlSession : IDisposable
{
    private readonly DuckDBConnection _root;
    private readonly Lock _gate = new();
    // Registered name -> the table function that scans it; recreated as a TEMP view on each new connection. DuckDB matches
    // names in any case, so a name registered again in another case replaces the earlier registration.
    private readonly List<(string Name, string Function)> _views = [];
    private bool _disposed;

    /// <summary>Opens a new, empty in-memory database.</summary>
    public SqlSession()
    {
        _root = new DuckDBConnection("DataSource=:memory:");
        _root.Open();
        using var cmd = _root.CreateCommand();
        cmd.CommandText = "SET GLOBAL TimeZone = 'UTC'";
        cmd.ExecuteNonQuery();
    }

    /// <summary>Registers <paramref name="batches"/> (same schema) as the table <paramref name="name"/>, replacing an earlier one.
    /// Types: integers, FLOAT, DOUBLE, BOOLEAN, VARCHAR (utf8 and dictionary-encoded utf8, decoded), DECIMAL, DATE, and
    /// TIMESTAMP (TIMESTAMPTZ when the Arrow type has a zone). Costs O(columns + distinct dictionary values), not O(rows).</summary>
    /// <param name="name">The table name; any text, since it is always quoted.</param>
    /// <param name="batches">The data; it must not be mutated while the session lives.</param>
    /// <exception cref="ColumnarException">ANA0001 for an unsupported Arrow type or batches whose schemas differ.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="name"/>, <paramref name="batches"/> or one of the batches is null.</exception>
    public void Register(string name, IReadOnlyList<RecordBatch> batches)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(batches);
        for (var b = 0; b < batches.Count; b++)
            if (batches[b] is null) throw new ArgumentNullException(nameof(batches), $"record batch {b} of table '{name}' is null");
        if (batches.Count == 0) throw new ColumnarException(ErrorCodes.BadOption, $"table '{name}' needs at least one record batch");
        var schema = batches[0].Schema;
        foreach (var b in batches)
            if (b.ColumnCount != schema.FieldsList.Count)
                throw new ColumnarException(ErrorCodes.BadOption, $"the record batches of table '{name}' have different schemas");
        var lengths = batches.Select(b => b.Length).ToArray();
        var columns = schema.FieldsList.Select((f, c) => ScanColumn.For(f.Name, batches.Select(b => b.Column(c)).ToArray(), naiveTimestamps: false)).ToList();
        RegisterScan(name, new ArrowScan(columns, lengths));
    }

    /// <summary>Registers one record batch as the table <paramref name="name"/>; see <see cref="Register(string, IReadOnlyList{RecordBatch})"/>.</summary>
    /// <param name="name">The table name.</param>
    /// <param name="batch">The data.</param>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> or <paramref name="batch"/> is null.</exception>
    public void Register(string name, RecordBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        Register(name, [batch]);
    }

    /// <summary>
    /// Registers an event table as <paramref name="name"/> (default <c>events</c>) and its users as <c>users</c>:
    /// <c>events("user" INTEGER, "time" TIMESTAMP, "event" VARCHAR, seq INTEGER, properties…)</c>, where <c>user</c> is the dense
    /// user index, <c>time</c> is UTC, <c>seq</c> the row's position in (user, time, arrival) order, and properties keep their
    /// types (strings VARCHAR, BIGINT, DOUBLE, BOOLEAN, TIMESTAMP in UTC, DECIMAL(38, s)), NULL where absent;
    /// and <c>users("user" INTEGER, user_id BIGINT or VARCHAR)</c>, the original ids.
    /// </summary>
    /// <param name="table">The table; nothing is copied.</param>
    /// <param name="name">The name of the events table.</param>
    /// <exception cref="ColumnarException">ANA0001 when a property is named like a core column (user, time, event, seq).</exception>
    /// <exception cref="ArgumentNullException"><paramref name="table"/> or <paramref name="name"/> is null.</exception>
    public void Register(EventTable table, string name = "events")
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(name);
        RegisterScan(name, EventScan(table));
        var userLengths = new[] { table.UserCount };
        var userColumns = new ScanColumn[]
        {
            new SequenceColumn("user", [0]),
            ScanColumn.For("user_id", [table.UserIds], naiveTimestamps: true),
        };
        RegisterScan("users", new ArrowScan(userColumns, userLengths));
    }

    internal static ArrowScan EventScan(EventTable table)
    {
        string[] core = ["user", "time", "event", "seq"];
        foreach (var p in table.Properties)
            if (core.Contains(p.Name, StringComparer.OrdinalIgnoreCase))
                throw new ColumnarException(ErrorCodes.BadOption, $"property '{p.Name}' has the name of a core column of the SQL events table", column: p.Name);
        var batch = table.ToRecordBatch();
        var lengths = new[] { table.EventCount };
        var columns = new List<ScanColumn>
        {
            new FixedColumn<int>("user", [((DictionaryArray)batch.Column(0)).Indices], DuckDbApi.TypeInteger, "INTEGER"),
            ScanColumn.For("time", [batch.Column(1)], naiveTimestamps: true),
            ScanColumn.For("event", [batch.Column(2)], naiveTimestamps: true),
            new SequenceColumn("seq", [0]),
        };
        foreach (var p in table.Properties) columns.Add(ScanColumn.For(p.Name, [p.Data], naiveTimestamps: true));
        return new ArrowScan(columns, lengths);
    }

    private void RegisterScan(string name, ArrowScan scan)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            string function;
            try
            {
                function = scan.Register(_root);
            }
            catch
            {
                foreach (var c in scan.Columns) c.Dispose();
                throw;
            }
            // Bind the view once on the root connection, so a registration that DuckDB refuses fails here and not on every query.
            var create = CreateView(name, function);
            using var cmd = _root.CreateCommand();
            cmd.CommandText = create;
            try
            {
                cmd.ExecuteNonQuery();
            }
            catch (DuckDBException e)
            {
                throw SqlErrors.Wrap(e, create);
            }
            _views.RemoveAll(v => string.Equals(v.Name, name, StringComparison.OrdinalIgnoreCase));
            _views.Add((name, function));
        }
    }

    /// <summary>The connection-local view <paramref name="name"/> over the table function, named through the system catalog
    /// (where DuckDB keeps registered functions), so that a macro of the same name that SQL may create cannot stand in for it.</summary>
    private static string CreateView(string name, string function) =>
        $"CREATE OR REPLACE TEMP VIEW {SqlText.Ident(name)} AS SELECT * FROM system.main.{SqlText.Ident(function)}()";

    /// <summary>Runs <paramref name="sql"/> on a fresh connection and streams the result as Arrow record batches.
    /// Parameters are bound by name (<c>$name</c> in the SQL), never spliced into the text. Several statements separated by
    /// <c>;</c> run one after another on that connection: the result starts at the first that returns rows, and
    /// <see cref="SqlResult.NextResult"/> runs on to the next.</summary>
    /// <param name="sql">One SQL statement, or several separated by <c>;</c>.</param>
    /// <param name="parameters">Values by name: string, bool, any integer type, float, double, decimal, DateTime (UTC), DateOnly,
    /// TimeOnly, Guid, a one-dimensional array or <c>List&lt;T&gt;</c> of these (bound as a LIST), or null.</param>
    /// <exception cref="ColumnarException">ANA0004 with DuckDB's message, the SQL, and the line and column DuckDB points at (and the
    /// statement, when there are several); ANA0004 naming the <c>$name</c> parameters the SQL uses that were not given;
    /// ANA0001 when the SQL holds no statement.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="sql"/> is null.</exception>
    /// <exception cref="ArgumentException">A parameter's value has a type that cannot be bound; the message names the parameter
    /// and the supported types.</exception>
    public SqlResult Query(string sql, IReadOnlyDictionary<string, object?>? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(sql);
        CheckParameters(parameters);
        var scan = SqlScan.Of(sql);
        if (scan.Statements.Count == 0) throw new ColumnarException(ErrorCodes.BadOption, "the SQL is empty: give a statement such as select count(*) from events");
        var statements = scan.Statements.Count == 1 ? [(0, sql.Length)] : scan.Statements;
        var connection = Connect();
        try
        {
            return new SqlResult(connection, sql, statements, parameters);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Runs <paramref name="sql"/> on a fresh connection and hands the reader to <paramref name="read"/>.</summary>
    internal T Run<T>(string sql, IReadOnlyDictionary<string, object?> parameters, Func<DbDataReader, T> read)
    {
        using var connection = Connect();
        try
        {
            using var cmd = Command(connection, sql, parameters);
            using var reader = cmd.ExecuteReader();
            return read(reader);
        }
        catch (DuckDBException e)
        {
            throw SqlErrors.Wrap(e, sql);
        }
    }

    /// <summary>Runs a statement that returns no rows (such as <c>COPY … TO</c>).</summary>
    internal void Execute(string sql, IReadOnlyDictionary<string, object?>? parameters = null) => Run(sql, parameters ?? new Dictionary<string, object?>(), _ => 0);

    /// <summary>A new connection to the database with the registered views and the UTC time zone of its own: whatever earlier
    /// SQL dropped, replaced or set globally, each connection starts from the registrations.</summary>
    private DuckDBConnection Connect()
    {
        string setup;
        DuckDBConnection connection;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            connection = _root.Duplicate();
            connection.Open();
            setup = string.Join(";\n", _views.Select(v => CreateView(v.Name, v.Function)).Prepend("SET SESSION TimeZone = 'UTC'"));
        }
        try
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = setup;
            cmd.ExecuteNonQuery();
            return connection;
        }
        catch (DuckDBException e)
        {
            connection.Dispose();
            throw SqlErrors.Wrap(e, setup);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The .NET types a parameter value may have (besides null), as listed in error messages.</summary>
    internal const string SupportedParameterTypes =
        "string, bool, sbyte, byte, short, ushort, int, uint, long, ulong, float, double, decimal, DateTime, DateOnly, TimeOnly, Guid, " +
        "a one-dimensional array or List<T> of one of these (a LIST), or null";

    private static bool IsScalar(Type type) =>
        type == typeof(string) || type == typeof(bool) || type == typeof(sbyte) || type == typeof(byte) || type == typeof(short) ||
        type == typeof(ushort) || type == typeof(int) || type == typeof(uint) || type == typeof(long) || type == typeof(ulong) ||
        type == typeof(float) || type == typeof(double) || type == typeof(decimal) || type == typeof(DateTime) ||
        type == typeof(DateOnly) || type == typeof(TimeOnly) || type == typeof(Guid);

    private static bool IsBindable(object value)
    {
        var type = value.GetType();
        if (IsScalar(type)) return true;
        var element = type.IsArray && type.GetArrayRank() == 1 ? type.GetElementType()!
            : type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>) ? type.GetGenericArguments()[0]
            : null;
        return element is not null && IsScalar(Nullable.GetUnderlyingType(element) ?? element);
    }

    /// <summary>Refuses values DuckDB.NET would bind as their <c>ToString()</c> text (such as "System.Object") instead of failing.</summary>
    /// <exception cref="ArgumentException">naming the parameter, its type and the supported types.</exception>
    internal static void CheckParameters(IReadOnlyDictionary<string, object?>? parameters)
    {
        if (parameters is null) return;
        foreach (var (name, value) in parameters)
        {
            if (name is null) throw new ArgumentException("a SQL parameter has a null name", nameof(parameters));
            if (value is null or DBNull || IsBindable(value)) continue;
            throw new ArgumentException(
                $"SQL parameter ${name} has a value of type {value.GetType()}, which cannot be bound; use {SupportedParameterTypes}",
                nameof(parameters));
        }
    }

    internal static DbCommand Command(DuckDBConnection connection, string sql, IReadOnlyDictionary<string, object?>? parameters)
    {
        CheckParameters(parameters);
        var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        if (parameters is not null)
            foreach (var (name, value) in parameters)
                cmd.Parameters.Add(new DuckDBParameter(name, value ?? DBNull.Value));
        return cmd;
    }

    /// <summary>Closes the database once every result's connection is closed; registered Arrow memory is unpinned then.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _root.Dispose();
        }
    }
}
