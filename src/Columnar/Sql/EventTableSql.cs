using Columnar.Sql;

namespace Columnar.Storage;

public sealed partial class EventTable
{
    /// <summary>
    /// Runs SQL over this table without copying it. The tables are <c>events("user" INTEGER, "time" TIMESTAMP, "event" VARCHAR,
    /// seq INTEGER, properties…)</c> and <c>users("user" INTEGER, user_id BIGINT or VARCHAR)</c>; see
    /// <see cref="SqlSession.Register(EventTable, string)"/>. Times are UTC. The database is created on first use and lives
    /// until the table is disposed; each call uses its own connection, so calls may run concurrently. <c>events</c> and <c>users</c>
    /// are views local to that connection: SQL that drops or replaces them changes only its own call, never later calls or the
    /// DuckDB engine's analyses.
    /// </summary>
    /// <param name="sql">One SQL statement, or several separated by <c>;</c> (see <see cref="SqlResult.NextResult"/>); refer to parameters as <c>$name</c>.</param>
    /// <param name="parameters">Bound values by name, never spliced into the SQL.</param>
    /// <returns>The streamed result; dispose it.</returns>
    /// <exception cref="ColumnarException">ANA0004 with DuckDB's message, the SQL and the position of the error, or naming the <c>$name</c>
    /// parameters the SQL uses that were not given; ANA0001 when the SQL holds no statement.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="sql"/> is null.</exception>
    /// <exception cref="ArgumentException">A parameter's value has a type that cannot be bound (see <see cref="SqlSession.Query"/>).</exception>
    public SqlResult Sql(string sql, IReadOnlyDictionary<string, object?>? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(sql);
        SqlSession.CheckParameters(parameters);
        return GetEngineState(t => new EventDatabase(t)).Session.Query(sql, parameters);
    }
}
