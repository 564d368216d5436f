using System.Runtime.InteropServices;
using DuckDB.NET.Data;

namespace Columnar.Sql;

/// <summary>
/// A DuckDB table function that scans Arrow arrays in place (route (a) of the SQL issue): registration costs O(columns + distinct
/// dictionary values), never O(rows). It honours projection pushdown (only the columns a query reads are filled), creates a
/// fresh scan state for every query (so repeated and concurrent queries each see every row), and lets DuckDB run it on many
/// threads, which claim 2048-row morsels from a shared atomic cursor. Filters are not pushed down: DuckDB applies them above
/// the scan, which is always correct.
/// </summary>
internal sealed unsafe class ArrowScan
{
    private static readonly int VectorSize = checked((int)DuckDbApi.VectorSize());
    private static long _registrations;

    private readonly ScanColumn[] _columns;
    private readonly int[] _batchLengths;
    private readonly long[] _morselStarts;

    /// <param name="columns">The columns, in table order.</param>
    /// <param name="batchLengths">The row count of every batch; each column has one array per batch.</param>
    public ArrowScan(IReadOnlyList<ScanColumn> columns, IReadOnlyList<int> batchLengths)
    {
        _columns = columns.ToArray();
        _batchLengths = batchLengths.ToArray();
        _morselStarts = new long[_batchLengths.Length + 1];
        for (var b = 0; b < _batchLengths.Length; b++)
            _morselStarts[b + 1] = _morselStarts[b] + (_batchLengths[b] + VectorSize - 1) / VectorSize;
        Rows = _batchLengths.Sum(n => (long)n);
    }

    public long Rows { get; }

    public IReadOnlyList<ScanColumn> Columns => _columns;

    /// <summary>The first row of each batch in the whole scan (for sequence columns).</summary>
    public static int[] BatchStarts(IReadOnlyList<int> lengths)
    {
        var starts = new int[lengths.Count];
        for (var b = 1; b < lengths.Count; b++) starts[b] = checked(starts[b - 1] + lengths[b - 1]);
        return starts;
    }

    /// <summary>Registers the scan as a table function with a fresh unique name on <paramref name="connection"/>'s database and returns
    /// the name. DuckDB owns the scan from then on and disposes its columns when the database closes.</summary>
    public string Register(DuckDBConnection connection)
    {
        var name = $"columnar_arrow_scan_{Interlocked.Increment(ref _registrations)}";
        var function = DuckDbApi.CreateTableFunction();
        var handle = GCHandle.Alloc(this);
        try
        {
            fixed (byte* p = DuckDbApi.Utf8(name)) DuckDbApi.SetName(function, p);
            DuckDbApi.SetExtraInfo(function, GCHandle.ToIntPtr(handle), &DestroyScan);
            DuckDbApi.SetBind(function, &Bind);
            DuckDbApi.SetInit(function, &Init);
            DuckDbApi.SetFunction(function, &Scan);
            DuckDbApi.SupportsProjectionPushdown(function, 1);
            var state = DuckDbApi.RegisterTableFunction(connection.NativeConnection.DangerousGetHandle(), function);
            if (state != 0)
            {
                handle.Free();
                throw new ColumnarException(ErrorCodes.EngineError, $"DuckDB refused to register the table function {name}");
            }
        }
        finally
        {
            DuckDbApi.DestroyTableFunction(&function);
        }
        return name;
    }

    private static ArrowScan From(nint handle) => (ArrowScan)GCHandle.FromIntPtr(handle).Target!;

    [UnmanagedCallersOnly(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    private static void DestroyScan(nint handle)
    {
        var h = GCHandle.FromIntPtr(handle);
        var scan = (ArrowScan)h.Target!;
        foreach (var c in scan._columns) c.Dispose();
        h.Free();
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    private static void Bind(nint info)
    {
        try
        {
            var scan = From(DuckDbApi.BindGetExtraInfo(info));
            foreach (var c in scan._columns)
            {
                var type = c.CreateType();
                fixed (byte* p = DuckDbApi.Utf8(c.Name)) DuckDbApi.BindAddResultColumn(info, p, type);
                DuckDbApi.DestroyLogicalType(&type);
            }
            DuckDbApi.BindSetCardinality(info, (ulong)scan.Rows, 1);
        }
        catch (Exception e)
        {
            fixed (byte* p = DuckDbApi.Utf8(e.Message)) DuckDbApi.BindSetError(info, p);
        }
    }

    /// <summary>Per-query state: which table column each output vector holds, and the next morsel to hand out.</summary>
    private sealed class ScanState(int[] columns)
    {
        public readonly int[] Columns = columns;
        public long NextMorsel;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    private static void Init(nint info)
    {
        try
        {
            var scan = From(DuckDbApi.InitGetExtraInfo(info));
            var n = (int)DuckDbApi.InitGetColumnCount(info);
            var map = new int[n];
            for (var i = 0; i < n; i++)
            {
                var index = DuckDbApi.InitGetColumnIndex(info, (ulong)i);
                // DuckDB may ask for a row-id column (count(*)); it has no data, so leave that vector alone.
                map[i] = index < (ulong)scan._columns.Length ? (int)index : -1;
            }
            var state = GCHandle.Alloc(new ScanState(map));
            DuckDbApi.InitSetInitData(info, GCHandle.ToIntPtr(state), &DestroyState);
            var morsels = scan._morselStarts[^1];
            DuckDbApi.InitSetMaxThreads(info, (ulong)Math.Clamp(morsels, 1, Environment.ProcessorCount));
        }
        catch (Exception e)
        {
            fixed (byte* p = DuckDbApi.Utf8(e.Message)) DuckDbApi.InitSetError(info, p);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    private static void DestroyState(nint handle) => GCHandle.FromIntPtr(handle).Free();

    [UnmanagedCallersOnly(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    private static void Scan(nint info, nint chunk)
    {
        try
        {
            var scan = From(DuckDbApi.FunctionGetExtraInfo(info));
            var state = (ScanState)GCHandle.FromIntPtr(DuckDbApi.FunctionGetInitData(info)).Target!;
            var morsel = Interlocked.Increment(ref state.NextMorsel) - 1;
            if (morsel >= scan._morselStarts[^1])
            {
                DuckDbApi.ChunkSetSize(chunk, 0);
                return;
            }
            var batch = Array.BinarySearch(scan._morselStarts, morsel);
            // Empty batches share a start with the next one; step to the batch that really holds the morsel.
            if (batch < 0) batch = ~batch - 1;
            while (scan._morselStarts[batch + 1] <= morsel) batch++;
            var start = checked((int)((morsel - scan._morselStarts[batch]) * VectorSize));
            var count = Math.Min(VectorSize, scan._batchLengths[batch] - start);
            for (var i = 0; i < state.Columns.Length; i++)
            {
                var column = state.Columns[i];
                if (column >= 0) scan._columns[column].Fill(DuckDbApi.ChunkGetVector(chunk, (ulong)i), batch, start, count);
            }
            DuckDbApi.ChunkSetSize(chunk, (ulong)count);
        }
        catch (Exception e)
        {
            fixed (byte* p = DuckDbApi.Utf8(e.Message)) DuckDbApi.FunctionSetError(info, p);
        }
    }
}
