namespace Columnar.Sql;

/// <summary>
/// A light lexical pass over SQL text that knows strings ('…'), quoted identifiers ("…"), comments (-- and /* */) and
/// dollar-quoted strings ($tag$…$tag$), so that <c>;</c> and <c>$name</c> inside them are not mistaken for statement ends or
/// parameters. It does not parse SQL: DuckDB does; this only names things in error messages.
/// </summary>
internal sealed class SqlScan
{
    private SqlScan(IReadOnlyList<(int Start, int End)> statements, IReadOnlyList<string> parameters)
    {
        Statements = statements;
        Parameters = parameters;
    }

    /// <summary>The [start, end) offsets of each non-empty statement, without its terminating <c>;</c>.</summary>
    public IReadOnlyList<(int Start, int End)> Statements { get; }

    /// <summary>The distinct <c>$name</c> parameters (without <c>$</c>), in order of first use.</summary>
    public IReadOnlyList<string> Parameters { get; }

    public static SqlScan Of(string sql)
    {
        var statements = new List<(int, int)>();
        var parameters = new List<string>();
        var start = 0;
        var meaningful = false; // the current statement has something other than space and comments
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c == '-' && At(sql, i, "--"))
            {
                var end = sql.IndexOf('\n', i);
                i = end < 0 ? sql.Length : end + 1;
                continue;
            }
            if (c == '/' && At(sql, i, "/*"))
            {
                var end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? sql.Length : end + 2;
                continue;
            }
            if (c == ';')
            {
                if (meaningful) statements.Add((start, i));
                start = i + 1;
                meaningful = false;
                i++;
                continue;
            }
            if (!char.IsWhiteSpace(c)) meaningful = true;
            if (c is '\'' or '"')
            {
                // A doubled quote inside is an escaped quote, which the loop handles as a closed and reopened string;
                // E'…' strings also escape with a backslash.
                var escapes = c == '\'' && i > 0 && (sql[i - 1] is 'E' or 'e') && (i < 2 || !(char.IsLetterOrDigit(sql[i - 2]) || sql[i - 2] == '_'));
                var j = i + 1;
                while (j < sql.Length && sql[j] != c) j += escapes && sql[j] == '\\' ? 2 : 1;
                i = Math.Min(sql.Length, j + 1);
                continue;
            }
            if (c == '$')
            {
                var j = i + 1;
                while (j < sql.Length && (char.IsLetterOrDigit(sql[j]) || sql[j] == '_')) j++;
                if (j < sql.Length && sql[j] == '$' && (j == i + 1 || !char.IsDigit(sql[i + 1])))
                {
                    var tag = sql[i..(j + 1)];
                    var end = sql.IndexOf(tag, j + 1, StringComparison.Ordinal);
                    i = end < 0 ? sql.Length : end + tag.Length;
                    continue;
                }
                if (j > i + 1 && !char.IsDigit(sql[i + 1]))
                {
                    var name = sql[(i + 1)..j];
                    if (!parameters.Contains(name, StringComparer.OrdinalIgnoreCase)) parameters.Add(name);
                }
                i = j;
                continue;
            }
            i++;
        }
        if (meaningful) statements.Add((start, sql.Length));
        return new SqlScan(statements, parameters);
    }

    /// <summary>The 0-based index of the statement holding <paramref name="offset"/>, or −1.</summary>
    public int StatementAt(int offset)
    {
        for (var s = 0; s < Statements.Count; s++)
            if (offset >= Statements[s].Start && offset <= Statements[s].End) return s;
        return -1;
    }

    private static bool At(string s, int i, string what) => string.CompareOrdinal(s, i, what, 0, what.Length) == 0;
}
