using System.Globalization;
using Apache.Arrow;
using Columnar.Storage;

namespace Columnar.Governance;

/// <summary>
/// Builds a new event table from chosen rows of another, optionally with new times or new (person) user ids. Rows are appended in
/// the source's order, so the new table's arrival order is the source's (user, time, arrival) order and the result is deterministic.
/// One code path serves clock-skew correction, removal of flagged rows and identity stitching.
/// </summary>
internal static class TableRewriter
{
    /// <summary>The new table and, for each of its rows, the source row it came from.</summary>
    public static (EventTable Table, int[] SourceRow) Rewrite(EventTable source, IReadOnlyList<int> rows, long[]? times = null, string[]? userIds = null)
    {
        var builder = new EventTableBuilder(source.Roles) { Source = source.Source };
        builder.EnsureCapacity(rows.Count);
        var setters = source.Properties.Select(p => Setter(builder, p)).ToArray();
        var users = source.UserIndex;
        var srcTimes = source.Times;
        var codes = source.EventCodes;
        var ints = source.UserIds as Int64Array;
        foreach (var r in rows)
        {
            var t = times is null ? srcTimes[r] : times[r];
            var ev = source.EventNames[codes[r]];
            if (userIds is not null) builder.Append(userIds[r], t, ev);
            else if (ints is not null) builder.Append(ints.GetValue(users[r])!.Value, t, ev);
            else builder.Append(source.GetUserIdText(users[r]), t, ev);
            foreach (var set in setters) set(r);
        }
        var table = builder.Build();
        table.TimeZone = source.TimeZone;
        table.LoadReport = source.LoadReport;
        var perm = builder.Permutation!;
        var sourceRow = new int[perm.Length];
        for (var i = 0; i < perm.Length; i++) sourceRow[i] = rows[perm[i]];
        return (table, sourceRow);
    }

    private static Action<int> Setter(EventTableBuilder builder, PropertyColumn column)
    {
        var index = builder.AddProperty(column.Name, column.Type);
        var data = column.Data;
        switch (column.Type)
        {
            case PropertyType.String:
            {
                var codes = column.Codes.ToArray();
                var dict = column.DictionaryValues;
                return r => { if (!data.IsNull(r)) builder.SetString(index, dict.GetString(codes[r])); };
            }
            case PropertyType.Int64:
            {
                var a = (Int64Array)data;
                return r => { if (!data.IsNull(r)) builder.SetInt64(index, a.Values[r]); };
            }
            case PropertyType.Double:
            {
                var a = (DoubleArray)data;
                return r => { if (!data.IsNull(r)) builder.SetDouble(index, a.Values[r]); };
            }
            case PropertyType.Timestamp:
            {
                var a = (TimestampArray)data;
                return r => { if (!data.IsNull(r)) builder.SetTimestamp(index, a.Values[r]); };
            }
            case PropertyType.Bool:
            {
                var a = (BooleanArray)data;
                return r => { if (!data.IsNull(r)) builder.SetBool(index, a.GetValue(r)!.Value); };
            }
            case PropertyType.Decimal:
            {
                var a = (Decimal128Array)data;
                return r => { if (!data.IsNull(r)) builder.SetDecimal(index, a.GetValue(r)!.Value); };
            }
            default:
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"unknown property type {column.Type}"));
        }
    }
}
