using System.Globalization;
using System.Text;

namespace Columnar.Analytics;

/// <summary>Renders rows as an aligned plain-text table for consoles and notebooks. Numbers align right, text left.</summary>
internal sealed class TextTable
{
    private readonly string[] _headers;
    private readonly bool[] _rightAlign;
    private readonly List<string[]> _rows = [];

    public TextTable(params string[] headers)
    {
        _headers = headers;
        _rightAlign = new bool[headers.Length];
    }

    /// <summary>Marks columns (by index) as numeric, so they align right.</summary>
    public TextTable Right(params int[] columns)
    {
        foreach (var c in columns) _rightAlign[c] = true;
        return this;
    }

    public void Add(params object?[] cells) => _rows.Add(cells.Select(FormatCell).ToArray());

    public static string FormatCell(object? v) => v switch
    {
        null => "",
        double d when double.IsNaN(d) => "",
        double d => d.ToString("0.####", CultureInfo.InvariantCulture),
        decimal m => m.ToString("0.##", CultureInfo.InvariantCulture),
        long or int => string.Format(CultureInfo.InvariantCulture, "{0:N0}", v),
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>A fraction in [0,1] as a percentage with one decimal, or empty for null.</summary>
    public static string Percent(double? fraction) => fraction is { } f ? (f * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "";

    public override string ToString()
    {
        var widths = _headers.Select(h => Width(h)).ToArray();
        foreach (var row in _rows)
            for (var c = 0; c < row.Length && c < widths.Length; c++) widths[c] = Math.Max(widths[c], Width(row[c]));
        var sb = new StringBuilder();
        AppendRow(sb, _headers, widths);
        sb.AppendLine(string.Join("  ", widths.Select(w => new string('-', w))).TrimEnd());
        foreach (var row in _rows) AppendRow(sb, row, widths);
        return sb.ToString();
    }

    private void AppendRow(StringBuilder sb, string[] cells, int[] widths)
    {
        var line = new StringBuilder();
        for (var c = 0; c < widths.Length; c++)
        {
            var cell = c < cells.Length ? cells[c] : "";
            var pad = new string(' ', Math.Max(0, widths[c] - Width(cell)));
            if (c > 0) line.Append("  ");
            line.Append(_rightAlign[c] ? pad + cell : cell + pad);
        }
        sb.AppendLine(line.ToString().TrimEnd());
    }

    /// <summary>Display width: East Asian wide characters take two columns.</summary>
    private static int Width(string s)
    {
        var w = 0;
        foreach (var ch in s) w += ch >= 0x1100 && (ch <= 0x115F || (ch >= 0x2E80 && ch <= 0xA4CF) || (ch >= 0xAC00 && ch <= 0xD7A3) || (ch >= 0xF900 && ch <= 0xFAFF) || (ch >= 0xFF00 && ch <= 0xFF60)) ? 2 : 1;
        return w;
    }
}
