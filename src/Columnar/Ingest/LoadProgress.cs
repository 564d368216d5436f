namespace Columnar.Ingest;

/// <summary>A progress snapshot of a running load, reported at most a few times per second and once at the end.</summary>
/// <param name="BytesRead">Bytes of the input consumed so far (estimated from rows for Parquet).</param>
/// <param name="TotalBytes">The size of the input file in bytes.</param>
/// <param name="Rows">Rows read so far (loaded plus rejected).</param>
public readonly record struct LoadProgress(long BytesRead, long TotalBytes, long Rows);
