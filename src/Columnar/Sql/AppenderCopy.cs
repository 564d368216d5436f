using System.Data.Common;
using Apache.Arrow;
using Columnar.Storage;
using DuckDB.NET.Data;

namespace Columnar.Sql;

/// <summary>
/// An in-memory DuckDB database holding a copy of one <see cref="EventTable"/>, appended row by row through DuckDB's Appender.
/// It is the baseline the zero-copy <see cref="EventDatabase"/> is tested and benchmarked against, with the same tables.
/// Tables: <c>events(user INTEGER, time TIMESTAMP, event VARCHAR, seq INTEGER, props…)</c>, where <c>seq</c> is the row's
/// position in the (user, time, arrival) order, and <c>users(user INTEGER, user_id BIGINT|VARCHAR)</c>.
/// The connection's time zone is UTC. Queries are serialised, because a DuckDB connection is not thread-safe.
/// </summary>
internal sealed class AppenderCopy : IDisposable
{
    private readonly DuckDBConnection _connection;
    private readonly Lock _gate = new();

    public AppenderCopy(EventTable table)
    {
        _connection = new DuckDBConnection("DataSource=:memory:");
        _connection.Open();
        Execute("SET TimeZone = 'UTC'");
        Execute($"SET threads = {Environment.ProcessorCount}");
        CreateAndFill(table);
    }

    /// <summary>The open connection; callers must hold <see cref="Run{T}"/>'s lock while using it.</summary>
    private DuckDBConnection Connection => _connection;

    /// <summary>DuckDB column type of a property column.</summary>
    public static string SqlType(PropertyColumn p) => p.Type switch
    {
        PropertyType.String => "VARCHAR",
        PropertyType.Int64 => "BIGINT",
        PropertyType.Double => "DOUBLE",
        PropertyType.Bool => "BOOLEAN",
        PropertyType.Timestamp => "TIMESTAMP",
        PropertyType.Decimal => $"DECIMAL(38, {((Apache.Arrow.Types.Decimal128Type)p.Data.Data.DataType).Scale})",
        _ => throw new InvalidOperationException($"unknown property type {p.Type}"),
    };

    private void CreateAndFill(EventTable table)
    {
        var columns = string.Concat(table.Properties.Select(p => $", {SqlText.Ident(p.Name)} {SqlType(p)}"));
        Execute($"CREATE TABLE events (\"user\" INTEGER NOT NULL, \"time\" TIMESTAMP NOT NULL, \"event\" VARCHAR NOT NULL, seq INTEGER NOT NULL{columns})");
        Execute($"CREATE TABLE users (\"user\" INTEGER NOT NULL, user_id {(table.HasIntegerUserIds ? "BIGINT" : "VARCHAR")} NOT NULL)");

        var users = table.UserIndex;
        var times = table.Times;
        var codes = table.EventCodes;
        var names = table.EventNames;
        using (var appender = _connection.CreateAppender("events"))
        {
            for (var r = 0; r < table.EventCount; r++)
            {
                var row = appender.CreateRow()
                    .AppendValue(users[r])
                    .AppendValue(Time.TimeZones.ToDateTime(times[r]))
                    .AppendValue(names[codes[r]])
                    .AppendValue(r);
                foreach (var p in table.Properties) AppendProperty(row, p, r);
                row.EndRow();
            }
        }
        using (var appender = _connection.CreateAppender("users"))
        {
            for (var u = 0; u < table.UserCount; u++)
            {
                var row = appender.CreateRow().AppendValue(u);
                if (table.HasIntegerUserIds) row.AppendValue((long)table.GetUserId(u));
                else row.AppendValue((string)table.GetUserId(u));
                row.EndRow();
            }
        }
    }

    private static void AppendProperty(DuckDB.NET.Data.IDuckDBAppenderRow row, PropertyColumn p, int r)
    {
        if (p.IsNull(r))
        {
            row.AppendNullValue();
            return;
        }
        switch (p.Type)
        {
            case PropertyType.String: row.AppendValue(p.GetString(r)); break;
            case PropertyType.Int64: row.AppendValue(((Int64Array)p.Data).Values[r]); break;
            case PropertyType.Double: row.AppendValue(((DoubleArray)p.Data).Values[r]); break;
            case PropertyType.Bool: row.AppendValue(((BooleanArray)p.Data).GetValue(r)); break;
            case PropertyType.Timestamp: row.AppendValue(Time.TimeZones.ToDateTime(((TimestampArray)p.Data).Values[r])); break;
            case PropertyType.Decimal: row.AppendValue(((Decimal128Array)p.Data).GetValue(r)); break;
            default: throw new InvalidOperationException($"unknown property type {p.Type}");
        }
    }

    private void Execute(string sql)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    /// <summary>Runs <paramref name="sql"/> with bound parameters and hands the reader to <paramref name="read"/>, under the connection lock.</summary>
    /// <exception cref="ColumnarException">ANA0004 with the SQL when DuckDB reports an error.</exception>
    public T Run<T>(string sql, IReadOnlyDictionary<string, object?> parameters, Func<DbDataReader, T> read)
    {
        lock (_gate)
        {
            try
            {
                using var cmd = Connection.CreateCommand();
                cmd.CommandText = sql;
                foreach (var (name, value) in parameters)
                    cmd.Parameters.Add(new DuckDBParameter(name, value ?? DBNull.Value));
                using var reader = cmd.ExecuteReader();
                return read(reader);
            }
            catch (DuckDBException e)
            {
                throw new ColumnarException(ErrorCodes.EngineError, $"DuckDB: {e.Message}\nSQL:\n{sql}", inner: e);
            }
        }
    }

    public void Dispose() => _connection.Dispose();
}
