using System.Runtime.InteropServices;
using DuckDB.NET.Data;

namespace Columnar.Ingest;

/// <summary>
/// A streaming DuckDB query read a data chunk (up to 2048 rows of every column) at a time through DuckDB's C API, so values are
/// read straight from DuckDB's vectors instead of cell by cell. Chunks arrive in the query's order. Not thread-safe.
/// </summary>
internal sealed unsafe class DuckDbChunkStream : IDisposable
{
    private nint _prepared;
    private nint _pending;
    private Native.Result _result;
    private bool _hasResult;
    private nint _chunk;

    /// <summary>Runs <paramref name="sql"/> on an open connection as a streaming query.</summary>
    /// <exception cref="InvalidOperationException">DuckDB rejected the query; the message is DuckDB's.</exception>
    public DuckDbChunkStream(DuckDBConnection connection, string sql)
    {
        var conn = connection.NativeConnection.DangerousGetHandle();
        var text = Sql.DuckDbApi.Utf8(sql);
        try
        {
            fixed (byte* p = text)
            {
                nint prepared;
                var state = Native.Prepare(conn, p, &prepared);
                _prepared = prepared;
                if (state != 0) throw new InvalidOperationException(Message(Native.PrepareError(_prepared)));
            }
            nint pending;
            var pendingState = Native.PendingPreparedStreaming(_prepared, &pending);
            _pending = pending;
            if (pendingState != 0) throw new InvalidOperationException(Message(Native.PendingError(_pending)));
            Native.Result result;
            var executed = Native.ExecutePending(_pending, &result);
            _result = result;
            _hasResult = true;
            if (executed != 0) throw new InvalidOperationException(Message(Native.ResultError(&result)));
        }
        catch
        {
            Dispose();
            throw;
        }
        fixed (Native.Result* r = &_result) ColumnCount = (int)Native.ColumnCount(r);
    }

    /// <summary>The number of result columns.</summary>
    public int ColumnCount { get; }

    /// <summary>The DuckDB type id (<c>duckdb_type</c>) of result column <paramref name="column"/>.</summary>
    public int ColumnType(int column)
    {
        fixed (Native.Result* r = &_result) return Native.ColumnType(r, (ulong)column);
    }

    /// <summary>The number of rows of the current chunk.</summary>
    public int Size { get; private set; }

    /// <summary>Fetches the next chunk; false at the end of the result.</summary>
    /// <exception cref="InvalidOperationException">DuckDB failed while producing the chunk; the message is DuckDB's.</exception>
    public bool Next()
    {
        ReleaseChunk();
        Size = 0;
        while (true)
        {
            _chunk = Native.FetchChunk(_result);
            if (_chunk == 0)
            {
                fixed (Native.Result* r = &_result)
                {
                    var error = Native.ResultError(r);
                    if (error is not null) throw new InvalidOperationException(Message(error));
                }
                return false;
            }
            Size = (int)Native.ChunkSize(_chunk);
            if (Size > 0) return true;
            ReleaseChunk();
        }
    }

    /// <summary>The values of column <paramref name="column"/> in the current chunk (a flat vector).</summary>
    public void* Data(int column) => Sql.DuckDbApi.VectorGetData(Sql.DuckDbApi.ChunkGetVector(_chunk, (ulong)column));

    /// <summary>The validity bitmap of column <paramref name="column"/> in the current chunk, or null when every value is valid.</summary>
    public ulong* Validity(int column) => Sql.DuckDbApi.VectorGetValidity(Sql.DuckDbApi.ChunkGetVector(_chunk, (ulong)column));

    private void ReleaseChunk()
    {
        if (_chunk == 0) return;
        var c = _chunk;
        Native.DestroyChunk(&c);
        _chunk = 0;
    }

    private static string Message(byte* error) => error is null ? "unknown DuckDB error" : Marshal.PtrToStringUTF8((nint)error) ?? "unknown DuckDB error";

    public void Dispose()
    {
        ReleaseChunk();
        if (_hasResult)
        {
            fixed (Native.Result* r = &_result) Native.DestroyResult(r);
            _hasResult = false;
        }
        if (_pending != 0)
        {
            var p = _pending;
            Native.DestroyPending(&p);
            _pending = 0;
        }
        if (_prepared != 0)
        {
            var p = _prepared;
            Native.DestroyPrepare(&p);
            _prepared = 0;
        }
    }

    /// <summary>The C API entry points of a streaming query; signatures mirror duckdb.h.</summary>
    private static class Native
    {
        private const string Lib = "duckdb";

        /// <summary>duckdb_result: five deprecated fields, then the internal data pointer (48 bytes).</summary>
        [StructLayout(LayoutKind.Sequential)]
        public struct Result
        {
            public ulong ColumnCount;
            public ulong RowCount;
            public ulong RowsChanged;
            public nint Columns;
            public nint ErrorMessage;
            public nint InternalData;
        }

        [DllImport(Lib, EntryPoint = "duckdb_prepare")] public static extern int Prepare(nint connection, byte* query, nint* prepared);
        [DllImport(Lib, EntryPoint = "duckdb_prepare_error")] public static extern byte* PrepareError(nint prepared);
        [DllImport(Lib, EntryPoint = "duckdb_destroy_prepare")] public static extern void DestroyPrepare(nint* prepared);
        [DllImport(Lib, EntryPoint = "duckdb_pending_prepared_streaming")] public static extern int PendingPreparedStreaming(nint prepared, nint* pending);
        [DllImport(Lib, EntryPoint = "duckdb_pending_error")] public static extern byte* PendingError(nint pending);
        [DllImport(Lib, EntryPoint = "duckdb_destroy_pending")] public static extern void DestroyPending(nint* pending);
        [DllImport(Lib, EntryPoint = "duckdb_execute_pending")] public static extern int ExecutePending(nint pending, Result* result);
        [DllImport(Lib, EntryPoint = "duckdb_result_error")] public static extern byte* ResultError(Result* result);
        [DllImport(Lib, EntryPoint = "duckdb_destroy_result")] public static extern void DestroyResult(Result* result);
        [DllImport(Lib, EntryPoint = "duckdb_column_type")] public static extern int ColumnType(Result* result, ulong column);
        [DllImport(Lib, EntryPoint = "duckdb_column_count")] public static extern ulong ColumnCount(Result* result);
        [DllImport(Lib, EntryPoint = "duckdb_fetch_chunk")] public static extern nint FetchChunk(Result result);
        [DllImport(Lib, EntryPoint = "duckdb_data_chunk_get_size")] public static extern ulong ChunkSize(nint chunk);
        [DllImport(Lib, EntryPoint = "duckdb_destroy_data_chunk")] public static extern void DestroyChunk(nint* chunk);
    }
}
