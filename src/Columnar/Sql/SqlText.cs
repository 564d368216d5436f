using System.Globalization;

namespace Columnar.Sql;

/// <summary>Quoting for SQL text. Identifiers are always quoted; values are bound as parameters, never spliced.</summary>
internal static class SqlText
{
    /// <summary>A DuckDB identifier in double quotes, with embedded quotes doubled, so any name is safe.</summary>
    public static string Ident(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>A string literal with embedded single quotes doubled; used only for Explain output and fixed zone names.</summary>
    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>An integer literal.</summary>
    public static string Literal(long value) => value.ToString(CultureInfo.InvariantCulture);
}
