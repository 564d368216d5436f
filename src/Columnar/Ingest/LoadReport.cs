namespace Columnar.Ingest;

/// <summary>
/// What a load did. <see cref="RowsRead"/> always equals <see cref="RowsLoaded"/> + <see cref="RowsRejected"/>.
/// A header line and blank lines are not rows.
/// </summary>
public sealed class LoadReport
{
    internal LoadReport(string file, FileFormat format, long rowsRead, long rowsLoaded, long rowsRejected,
        IReadOnlyDictionary<string, long> rejectsByCode, string? rejectsPath, long duplicateRows, long duplicateGroups,
        TimeSpan elapsed, IReadOnlyList<string> warnings)
    {
        if (rowsRead != rowsLoaded + rowsRejected)
            throw new InvalidOperationException($"load counts do not reconcile: read {rowsRead} != loaded {rowsLoaded} + rejected {rowsRejected}");
        File = file;
        Format = format;
        RowsRead = rowsRead;
        RowsLoaded = rowsLoaded;
        RowsRejected = rowsRejected;
        RejectsByCode = rejectsByCode;
        RejectsPath = rejectsPath;
        DuplicateRows = duplicateRows;
        DuplicateGroups = duplicateGroups;
        Elapsed = elapsed;
        Warnings = warnings;
    }

    /// <summary>The input file path as given.</summary>
    public string File { get; }

    /// <summary>The format the file was read as.</summary>
    public FileFormat Format { get; }

    /// <summary>Data rows read (text: records after the header; binary: rows).</summary>
    public long RowsRead { get; }

    /// <summary>Rows loaded into the table.</summary>
    public long RowsLoaded { get; }

    /// <summary>Rows rejected (written to <see cref="RejectsPath"/> in quarantine mode).</summary>
    public long RowsRejected { get; }

    /// <summary>Rejected rows per error code, such as <c>COL0005</c>.</summary>
    public IReadOnlyDictionary<string, long> RejectsByCode { get; }

    /// <summary>The rejects CSV, or null when no row was rejected.</summary>
    public string? RejectsPath { get; }

    /// <summary>Extra copies, beyond the first, of loaded rows identical in every mapped field (user, time, event and all properties).
    /// They are kept: identical rows can be genuine.</summary>
    public long DuplicateRows { get; }

    /// <summary>The number of distinct rows that occur more than once.</summary>
    public long DuplicateGroups { get; }

    /// <summary>Wall-clock time of the whole load, including sorting and duplicate detection.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>How many sample rejects per code <see cref="RejectSamples"/> keeps.</summary>
    internal const int SamplesPerCode = 3;

    /// <summary>The first few rejected rows per code: 1-based line and reason (for the quality report's examples).</summary>
    internal IReadOnlyDictionary<string, IReadOnlyList<(long Line, string Reason)>> RejectSamples { get; init; } =
        new Dictionary<string, IReadOnlyList<(long Line, string Reason)>>();

    /// <summary>True when the file was loaded column-wise (the Parquet fast path) rather than row by row.</summary>
    internal bool Columnar => Phases is not null;

    /// <summary>Where a columnar load spent its time; null for the row path.</summary>
    internal ColumnarPhases? Phases { get; init; }

    /// <summary>Non-fatal observations, such as skipped blank lines.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <inheritdoc />
    public override string ToString()
    {
        var s = $"{System.IO.Path.GetFileName(File)} ({Format}): read {RowsRead:N0}, loaded {RowsLoaded:N0}, rejected {RowsRejected:N0}";
        if (RowsRejected > 0) s += $" ({string.Join(", ", RejectsByCode.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}: {p.Value:N0}"))}; see {RejectsPath})";
        s += $"; duplicates {DuplicateRows:N0} rows in {DuplicateGroups:N0} groups; {Elapsed.TotalMilliseconds:N0} ms";
        return s;
    }
}
