using System.Globalization;
using System.Text.RegularExpressions;
using DuckDB.NET.Data;

namespace Columnar.Sql;

/// <summary>Turns DuckDB errors into <see cref="ColumnarException"/>s that carry the SQL and the 1-based line and column DuckDB points at.</summary>
internal static partial class SqlErrors
{
    public static ColumnarException Wrap(DuckDBException e, string sql)
    {
        var (line, column) = Position(e.Message, sql);
        var message = e.Message.Trim();
        var at = line is null ? "" : column is null ? $" (at SQL line {line})" : $" (at SQL line {line}, column {column})";
        return new ColumnarException(ErrorCodes.EngineError, $"DuckDB: {FirstLine(message)}{at}\n{message}\nSQL:\n{sql}", line: line, inner: e);
    }

    private static string FirstLine(string s) => s.Split('\n')[0].Trim();

    /// <summary>DuckDB appends <c>LINE n: context</c> and a caret line; the context may be a window of the line starting with "...".</summary>
    internal static (int? Line, int? Column) Position(string message, string sql)
    {
        var match = LineContext().Match(message);
        if (!match.Success) return (null, null);
        var line = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var prefix = match.Groups[2].Index - match.Index;
        var context = match.Groups[2].Value.TrimEnd('\r');
        var caretLine = match.Groups[3].Value;
        var caret = caretLine.IndexOf('^', StringComparison.Ordinal) - prefix;
        var lines = sql.Split('\n');
        if (line < 1 || line > lines.Length || caret < 0) return (line, null);
        var text = lines[line - 1].TrimEnd('\r');
        var lead = context.StartsWith("...", StringComparison.Ordinal) ? 3 : 0;
        var core = context[lead..];
        if (core.EndsWith("...", StringComparison.Ordinal)) core = core[..^3];
        var found = core.Length == 0 ? -1 : text.IndexOf(core, StringComparison.Ordinal);
        if (found < 0) return (line, null);
        var column = found + caret - lead + 1;
        return (line, column >= 1 && column <= text.Length + 1 ? column : null);
    }

    [GeneratedRegex(@"LINE (\d+): ([^\n]*)\n([ ]*\^)")]
    private static partial Regex LineContext();
}
