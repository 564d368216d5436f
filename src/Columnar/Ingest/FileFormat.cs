namespace Columnar.Ingest;

/// <summary>The physical format of an input file. Chosen from the file extension unless forced by <see cref="LoadOptions.Format"/>.</summary>
public enum FileFormat
{
    /// <summary>Comma-separated text (RFC 4180 quoting: <c>"a ""b"""</c>, quoted delimiters and newlines, CRLF or LF).</summary>
    Csv,
    /// <summary>Tab-separated text, quoted like <see cref="Csv"/>.</summary>
    Tsv,
    /// <summary>Text whose fields are separated by runs of spaces or tabs; leading and trailing blanks are ignored; no quoting (CDNOW).</summary>
    Whitespace,
    /// <summary>JSON Lines: one JSON object per line.</summary>
    JsonLines,
    /// <summary>Apache Parquet, read through the embedded DuckDB engine.</summary>
    Parquet,
    /// <summary>Arrow IPC, either the file format (Feather v2) or the stream format.</summary>
    ArrowIpc,
}
