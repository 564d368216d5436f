namespace Columnar.Query;

/// <summary>The engine that executes a plan. Every engine returns identical results for the same plan.</summary>
public enum Engine
{
    /// <summary>Readable SQL on the embedded DuckDB engine, over a copy of the table. It is also the oracle of the other engines.</summary>
    DuckDb,

    /// <summary>Columnar's own SIMD, multi-core per-user kernels over the Arrow columns.</summary>
    Kernels,
}
