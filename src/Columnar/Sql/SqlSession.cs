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
public sealed class SqlSession : IDisposable
{
    private readonly DuckDBConnection _root;
    private readonly Lock _gate = new();
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
    public void Register(string name, IReadOnlyList<RecordBatch> batches)
    {
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
    public void Register(string name, RecordBatch batch) => Register(name, [batch]);

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
    public void Register(EventTable table, string name = "events")
    {
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
            using var cmd = _root.CreateCommand();
            cmd.CommandText = $"CREATE OR REPLACE VIEW {SqlText.Ident(name)} AS SELECT * FROM {function}()";
            try
            {
                cmd.ExecuteNonQuery();
            }
            catch (DuckDBException e)
            {
                throw SqlErrors.Wrap(e, cmd.CommandText);
            }
        }
    }

    /// <summary>Runs <paramref name="sql"/> on a fresh connection and streams the result as Arrow record batches.
    /// Parameters are bound by name (<c>$name</c> in the SQL), never spliced into the text. Several statements separated by
    /// <c>;</c> run one after another on that connection: the result starts at the first that returns rows, and
    /// <see cref="SqlResult.NextResult"/> runs on to the next.</summary>
    /// <param name="sql">One SQL statement, or several separated by <c>;</c>.</param>
    /// <param name="parameters">Values by name: string, long, int, double, bool, decimal, DateTime (UTC), DateOnly, or null.</param>
    /// <exception cref="ColumnarException">ANA0004 with DuckDB's message, the SQL, and the line and column DuckDB points at (and the
    /// statement, when there are several); ANA0004 naming the <c>$name</c> parameters the SQL uses that were not given;
    /// ANA0001 when the SQL holds no statement.</exception>
    public SqlResult Query(string sql, IReadOnlyDictionary<string, object?>? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(sql);
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

    private DuckDBConnection Connect()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var connection = _root.Duplicate();
            connection.Open();
            return connection;
        }
    }

    internal static DbCommand Command(DuckDBConnection connection, string sql, IReadOnlyDictionary<string, object?>? parameters)
    {
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
