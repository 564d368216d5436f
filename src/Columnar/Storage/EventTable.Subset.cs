using System.Runtime.InteropServices;
using Apache.Arrow;
using Apache.Arrow.Types;
using Columnar.Query;

namespace Columnar.Storage;

public sealed partial class EventTable
{
    /// <summary>
    /// The rows that pass <paramref name="mask"/> and belong to <paramref name="users"/> (either may be null), as a new table
    /// with the SAME users, dense indexes, event dictionary and roles: users without rows keep an empty run. Kernels run on
    /// it unchanged, which is how row filters and user sets reach every per-user kernel. Arrays are gathered, not shared.
    /// </summary>
    internal EventTable Subset(RowMask? mask, Profiles.UserSet? users)
    {
        var offsets = Offsets;
        var keep = new List<int>(mask is null ? EventCount : (int)Math.Min(mask.Count, EventCount));
        var newOffsets = new int[UserCount + 1];
        for (var u = 0; u < UserCount; u++)
        {
            if (users is null || users.Contains(u))
                for (var r = offsets[u]; r < offsets[u + 1]; r++)
                    if (mask is null || mask[r]) keep.Add(r);
            newOffsets[u + 1] = keep.Count;
        }
        var rows = CollectionsMarshal.AsSpan(keep);
        var n = rows.Length;

        var userBytes = ArrowBuffers.Allocate<int>(n, out var userOut);
        var timeBytes = ArrowBuffers.Allocate<long>(n, out var timeOut);
        var eventBytes = ArrowBuffers.Allocate<short>(n, out var eventOut);
        var userIn = UserIndex;
        var timeIn = Times;
        var codeIn = EventCodes;
        for (var i = 0; i < n; i++)
        {
            userOut[i] = userIn[rows[i]];
            timeOut[i] = timeIn[rows[i]];
            eventOut[i] = codeIn[rows[i]];
        }
        var offsetBytes = ArrowBuffers.Allocate<int>(UserCount + 1, out var offsetOut);
        newOffsets.CopyTo(offsetOut);
        var events = new DictionaryArray((DictionaryType)_events.Data.DataType,
            new Int16Array(ArrowBuffers.Wrap(eventBytes), ArrowBuffer.Empty, n, 0, 0), _events.Dictionary);
        var props = new List<PropertyColumn>(Properties.Count);
        foreach (var p in Properties) props.Add(new PropertyColumn(p.Name, p.Type, Take(p.Data, rows)));
        long? min = null, max = null;
        foreach (var t in timeOut)
        {
            if (min is null || t < min) min = t;
            if (max is null || t > max) max = t;
        }
        return new EventTable(
            new Int32Array(ArrowBuffers.Wrap(userBytes), ArrowBuffer.Empty, n, 0, 0),
            new TimestampArray(ArrowBuffers.MicrosUtc, ArrowBuffers.Wrap(timeBytes), ArrowBuffer.Empty, n, 0, 0),
            events,
            new Int32Array(ArrowBuffers.Wrap(offsetBytes), ArrowBuffer.Empty, UserCount + 1, 0, 0),
            _userIds, props, Roles, Source)
        {
            MinTime = min,
            MaxTime = max,
            TimeZone = TimeZone,
        };
    }

    /// <summary>Gathers <paramref name="rows"/> of a property array, keeping its type (and its dictionary for strings).</summary>
    private static IArrowArray Take(IArrowArray array, ReadOnlySpan<int> rows)
    {
        var n = rows.Length;
        var isNull = new bool[n];
        for (var i = 0; i < n; i++) isNull[i] = array.IsNull(rows[i]);
        var validity = ArrowBuffers.Validity(isNull, out var nulls);
        switch (array)
        {
            case DictionaryArray d:
            {
                var bytes = ArrowBuffers.Allocate<int>(n, out var codes);
                var src = ((Int32Array)d.Indices).Values;
                for (var i = 0; i < n; i++) codes[i] = src[rows[i]]; // Indices honour their own offset via Values
                return new DictionaryArray((DictionaryType)d.Data.DataType, new Int32Array(ArrowBuffers.Wrap(bytes), validity, n, nulls, 0), d.Dictionary);
            }
            case BooleanArray b:
            {
                var builder = new BooleanArray.Builder();
                for (var i = 0; i < n; i++)
                {
                    if (isNull[i]) builder.AppendNull();
                    else builder.Append(b.GetValue(rows[i])!.Value);
                }
                return builder.Build();
            }
            case Decimal128Array m:
            {
                var width = 16;
                var bytes = new byte[n * width];
                var src = m.ValueBuffer.Span;
                for (var i = 0; i < n; i++) src.Slice((rows[i] + m.Data.Offset) * width, width).CopyTo(bytes.AsSpan(i * width, width));
                return new Decimal128Array(new ArrayData(m.Data.DataType, n, nulls, 0, [validity, new ArrowBuffer(bytes)]));
            }
            default:
            {
                // Int64, Double and Timestamp properties are 8-byte values.
                var bytes = ArrowBuffers.Allocate<long>(n, out var values);
                var src = MemoryMarshal.Cast<byte, long>(array.Data.Buffers[1].Span);
                for (var i = 0; i < n; i++) values[i] = src[rows[i] + array.Data.Offset];
                return ArrowArrayFactory.BuildArray(new ArrayData(array.Data.DataType, n, nulls, 0, [validity, ArrowBuffers.Wrap(bytes)]));
            }
        }
    }
}
