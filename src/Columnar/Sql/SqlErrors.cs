using System.Globalization;
using System.Text.RegularExpressions;
using DuckDB.NET.Data;

namespace Columnar.Sql;

/// <summary>Turns DuckDB errors into <see cref="ColumnarException"/>s that carry the SQL and the 1-based line and column DuckDB points at.</summary>
internal static partial class SqlErrors
{
    public static ColumnarException Wrap(DuckDBException e, string sql) => Wrap(e, sql, [(0, sql.Length)], 0);

    /// <summary>An error of statement <paramref name="k"/> of <paramref name="statements"/> (offsets into <paramref name="sql"/>, which
    /// DuckDB ran one at a time): the position is turned back into a line and column of the whole text, and the statement is named
    /// when there are several.</summary>
    public static ColumnarException Wrap(DuckDBException e, string sql, IReadOnlyList<(int Start, int End)> statements, int k)
    {
        var (start, end) = statements[k];
        var text = sql[start..end];
        var (line, column) = Position(e.Message, text);
        if (line is not null && start > 0)
        {
            // Offset of the statement-relative position, then the line and column of that offset in the whole text.
            var offset = start;
            for (var l = 1; l < line; l++) offset = sql.IndexOf('\n', offset) + 1;
            var absLine = 1 + sql.AsSpan(0, offset).Count('\n');
            var lineStart = sql.LastIndexOf('\n', Math.Max(0, offset - 1)) + 1;
            column = column is null ? null : column + (line == 1 ? offset - lineStart : 0);
            line = absLine;
        }
        var message = e.Message.Trim();
        var at = line is null ? "" : column is null ? $" (at SQL line {line})" : $" (at SQL line {line}, column {column})";
        var which = "";
        if (statements.Count > 1)
        {
            var shown = text.Trim();
            which = $" in statement {k + 1} of {statements.Count}: {(shown.Length > 60 ? shown[..57] + "..." : shown)}";
        }
        return new ColumnarException(ErrorCodes.EngineError, $"DuckDB: {FirstLine(message)}{at}{which}\n{message}\nSQL:\n{sql}", line: line, inner: e);
    }

    /// <summary>DuckDB.NET's raw "Invalid number of parameters" made into an error naming the missing or unused parameters.</summary>
    public static ColumnarException Parameters(string sql, string statement, IReadOnlyDictionary<string, object?>? given, InvalidOperationException e, string where)
    {
        var used = SqlScan.Of(statement).Parameters;
        var names = given?.Keys.ToList() ?? [];
        var missing = used.Where(u => !names.Contains(u, StringComparer.OrdinalIgnoreCase)).ToList();
        var unused = names.Where(n => !used.Contains(n, StringComparer.OrdinalIgnoreCase)).ToList();
        var parts = new List<string>();
        if (missing.Count > 0)
            parts.Add($"the SQL uses {(missing.Count == 1 ? "parameter" : "parameters")} {string.Join(", ", missing.Select(m => "$" + m))}, which {(missing.Count == 1 ? "was" : "were")} not given");
        if (unused.Count > 0)
            parts.Add($"{string.Join(", ", unused.Select(m => "$" + m))} {(unused.Count == 1 ? "was" : "were")} given but the SQL does not use {(unused.Count == 1 ? "it" : "them")}");
        if (parts.Count == 0) parts.Add($"the SQL's parameters do not match the {names.Count} given ({e.Message})");
        var list = names.Count == 0 ? "none" : string.Join(", ", names.Select(n => "$" + n));
        return new ColumnarException(ErrorCodes.EngineError,
            $"{string.Join("; ", parts)}{where} (given: {list}); pass every $name parameter by name\nSQL:\n{sql}", inner: e);
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
