namespace Columnar;

/// <summary>
/// The single exception type Columnar throws for bad input, bad options and analysis failures.
/// Every instance carries a stable <see cref="Code"/> (for example <c>COL0003</c>) and, where it applies,
/// the file, 1-based line and column name that caused it.
/// </summary>
public sealed class ColumnarException : Exception
{
    /// <summary>Creates an error with a stable code and a human-readable reason.</summary>
    /// <param name="code">A stable code from <see cref="ErrorCodes"/>.</param>
    /// <param name="reason">What went wrong, in one sentence.</param>
    /// <param name="file">The input file, if any.</param>
    /// <param name="line">The 1-based physical line (text formats) or 1-based row (binary formats), if any.</param>
    /// <param name="column">The source column name, if any.</param>
    /// <param name="inner">The underlying exception, if any.</param>
    public ColumnarException(string code, string reason, string? file = null, long? line = null, string? column = null, Exception? inner = null)
        : base(Format(code, reason, file, line, column), inner)
    {
        Code = code;
        Reason = reason;
        File = file;
        Line = line;
        Column = column;
    }

    /// <summary>The stable error code, such as <c>COL0003</c>.</summary>
    public string Code { get; }

    /// <summary>The reason without location information.</summary>
    public string Reason { get; }

    /// <summary>The input file the error refers to, or null.</summary>
    public string? File { get; }

    /// <summary>The 1-based line (text formats) or row (binary formats), or null.</summary>
    public long? Line { get; }

    /// <summary>The source column name, or null.</summary>
    public string? Column { get; }

    /// <summary>For COL0016 from a load: the report of that load (counts, rejects by code, rejects file), so a caller can show it.</summary>
    internal Ingest.LoadReport? LoadReport { get; init; }

    private static string Format(string code, string reason, string? file, long? line, string? column)
    {
        var where = new List<string>(3);
        if (file is not null) where.Add(file);
        if (line is not null) where.Add($"line {line}");
        if (column is not null) where.Add($"column '{column}'");
        return where.Count == 0 ? $"{code}: {reason}" : $"{code}: {string.Join(", ", where)}: {reason}";
    }
}
