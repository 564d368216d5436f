using System.Data.Common;
using Columnar.Storage;

namespace Columnar.Sql;

/// <summary>
/// The DuckDB engine's view of one <see cref="EventTable"/>: a <see cref="SqlSession"/> with <c>events</c> and <c>users</c>
/// registered in place (no copy). Created once per table through <see cref="EventTable.GetEngineState{T}"/>.
/// Queries run on their own connections, so analyses and ad-hoc SQL may run concurrently.
/// </summary>
internal sealed class EventDatabase : IDisposable
{
    public EventDatabase(EventTable table)
    {
        Session = new SqlSession();
        try
        {
            Session.Register(table);
        }
        catch
        {
            Session.Dispose();
            throw;
        }
    }

    public SqlSession Session { get; }

    /// <summary>Runs <paramref name="sql"/> with bound parameters and hands the reader to <paramref name="read"/>.</summary>
    /// <exception cref="ColumnarException">ANA0004 with the SQL when DuckDB reports an error.</exception>
    public T Run<T>(string sql, IReadOnlyDictionary<string, object?> parameters, Func<DbDataReader, T> read) => Session.Run(sql, parameters, read);

    /// <summary>Reads an integer column that DuckDB may return as any integer type, including HUGEINT sums.</summary>
    public static long Int64(DbDataReader reader, int ordinal) => reader.GetValue(ordinal) switch
    {
        System.Numerics.BigInteger big => (long)big,
        var v => Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture),
    };

    public void Dispose() => Session.Dispose();
}
