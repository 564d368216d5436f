using Apache.Arrow;
using Apache.Arrow.Types;

namespace Columnar.Storage;

/// <summary>
/// An immutable, Arrow-backed table of events sorted by (user, time, arrival order).
/// Users are a dense int32 index 0..<see cref="UserCount"/>-1, ordered by original id (numerically for integer ids,
/// ordinally for string ids); <see cref="GetUserId"/> maps back. Times are microseconds since the Unix epoch, UTC.
/// The events of user <c>u</c> are rows <c>[Offsets[u], Offsets[u+1])</c>.
/// </summary>
public sealed partial class EventTable : IDisposable
{
    private readonly Int32Array _users;
    private readonly TimestampArray _times;
    private readonly DictionaryArray _events;
    private readonly Int32Array _offsets;
    private readonly IArrowArray _userIds;
    private readonly Dictionary<string, int> _eventCodes;
    private readonly Dictionary<string, PropertyColumn> _propertyByName;
    private readonly Lock _gate = new();
    private readonly Dictionary<Type, IDisposable> _engineState = new();
    private bool _disposed;
    private string? _inputFile;

    internal EventTable(Int32Array users, TimestampArray times, DictionaryArray events, Int32Array offsets, IArrowArray userIds,
        IReadOnlyList<PropertyColumn> properties, EventRoles roles, string source)
    {
        _users = users;
        _times = times;
        _events = events;
        _offsets = offsets;
        _userIds = userIds;
        Properties = properties;
        Roles = roles;
        Source = source;
        var names = (StringArray)events.Dictionary;
        var list = new string[names.Length];
        _eventCodes = new Dictionary<string, int>(names.Length, StringComparer.Ordinal);
        for (var i = 0; i < names.Length; i++)
        {
            list[i] = names.GetString(i);
            _eventCodes[list[i]] = i;
        }
        EventNames = list;
        _propertyByName = properties.ToDictionary(p => p.Name, StringComparer.Ordinal);
    }

    /// <summary>Where the table came from (a file path or a generator description).</summary>
    public string Source { get; }

    /// <summary>The number of events (rows).</summary>
    public int EventCount => _users.Length;

    /// <summary>The number of distinct users.</summary>
    public int UserCount => _offsets.Length - 1;

    /// <summary>The dense user index of every row, non-decreasing.</summary>
    public ReadOnlySpan<int> UserIndex => _users.Values;

    /// <summary>The time of every row in microseconds since the Unix epoch, UTC; non-decreasing within each user.</summary>
    public ReadOnlySpan<long> Times => _times.Values;

    /// <summary>The event code of every row; <see cref="EventNames"/>[code] is the name.</summary>
    public ReadOnlySpan<short> EventCodes => ((Int16Array)_events.Indices).Values;

    /// <summary>The distinct event names in ordinal order, indexed by event code.</summary>
    public IReadOnlyList<string> EventNames { get; }

    /// <summary>The per-user offset index, <see cref="UserCount"/> + 1 entries.</summary>
    public ReadOnlySpan<int> Offsets => _offsets.Values;

    /// <summary>The typed property columns, aligned with the rows.</summary>
    public IReadOnlyList<PropertyColumn> Properties { get; }

    /// <summary>The event roles and the amount and order columns.</summary>
    public EventRoles Roles { get; }

    /// <summary>True when the original user ids are integers (then <see cref="GetUserId"/> returns <see cref="long"/>).</summary>
    public bool HasIntegerUserIds => _userIds is Int64Array;

    /// <summary>The earliest event time (µs UTC), or null for an empty table.</summary>
    public long? MinTime { get; internal init; }

    /// <summary>The latest event time (µs UTC), or null for an empty table.</summary>
    public long? MaxTime { get; internal init; }

    /// <summary>The original id of dense user <paramref name="user"/>: a <see cref="long"/> or a <see cref="string"/>.</summary>
    public object GetUserId(int user) => _userIds is Int64Array ints ? ints.GetValue(user)!.Value : ((StringArray)_userIds).GetString(user);

    /// <summary>The original id of dense user <paramref name="user"/> as text.</summary>
    public string GetUserIdText(int user) => _userIds is Int64Array ints
        ? ints.GetValue(user)!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : ((StringArray)_userIds).GetString(user);

    /// <summary>The original user ids as an Arrow array (int64 or utf8), indexed by dense user.</summary>
    public IArrowArray UserIds => _userIds;

    /// <summary>The event code of <paramref name="name"/>, or -1 when the table has no such event.</summary>
    public int EventCode(string name) => _eventCodes.TryGetValue(name, out var c) ? c : -1;

    /// <summary>The property column called <paramref name="name"/>, or null.</summary>
    public PropertyColumn? Property(string name) => _propertyByName.GetValueOrDefault(name);

    /// <summary>
    /// Bytes held by the core columns: user, time, event (indices and dictionary), the offset index and the
    /// original-id dictionary, measured as the sum of the real Arrow buffer lengths including validity bitmaps.
    /// </summary>
    public long CoreBytes => ArrowBuffers.SizeOf(_users) + ArrowBuffers.SizeOf(_times) + ArrowBuffers.SizeOf(_events)
                             + ArrowBuffers.SizeOf(_offsets) + ArrowBuffers.SizeOf(_userIds);

    /// <summary>Bytes held by every Arrow buffer of the table, properties included.</summary>
    public long TotalBytes => CoreBytes + Properties.Sum(p => ArrowBuffers.SizeOf(p.Data));

    /// <summary><see cref="CoreBytes"/> divided by <see cref="EventCount"/> (0 for an empty table).</summary>
    public double CoreBytesPerEvent => EventCount == 0 ? 0 : (double)CoreBytes / EventCount;

    /// <summary>The core bytes per event that are due to per-user structures (offsets and id dictionary).</summary>
    public double PerUserBytesPerEvent => EventCount == 0 ? 0 : (double)(ArrowBuffers.SizeOf(_offsets) + ArrowBuffers.SizeOf(_userIds)) / EventCount;

    /// <summary>
    /// The table as one Arrow record batch: <c>user</c> (dictionary&lt;int32, original id&gt;), <c>time</c> (timestamp µs UTC),
    /// <c>event</c> (dictionary&lt;int16, utf8&gt;) and the property columns. No data is copied.
    /// </summary>
    public RecordBatch ToRecordBatch()
    {
        var userType = new DictionaryType(Int32Type.Default, _userIds.Data.DataType, false);
        var user = new DictionaryArray(userType, _users, _userIds);
        var fields = new List<Field>
        {
            new("user", userType, false),
            new("time", ArrowBuffers.MicrosUtc, false),
            new("event", _events.Data.DataType, false),
        };
        var arrays = new List<IArrowArray> { user, _times, _events };
        foreach (var p in Properties)
        {
            fields.Add(new Field(p.Name, p.Data.Data.DataType, true));
            arrays.Add(p.Data);
        }
        return new RecordBatch(new Schema(fields, null), arrays, EventCount);
    }

    /// <summary>Per-table state owned by an engine (for example the DuckDB copy), created once and disposed with the table.</summary>
    internal T GetEngineState<T>(Func<EventTable, T> create) where T : class, IDisposable
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_engineState.TryGetValue(typeof(T), out var existing)) return (T)existing;
            var created = create(this);
            _engineState[typeof(T)] = created;
            return created;
        }
    }

    /// <summary>Queries refuse a disposed table: its engine state is gone, and answering from the buffers alone would hide a
    /// use-after-dispose bug in the caller.</summary>
    /// <exception cref="ObjectDisposedException">The table was disposed.</exception>
    internal void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed), this);

    /// <summary>Releases engine state (such as the embedded DuckDB copy). The Arrow buffers are managed memory.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            if (_inputFile is not null) Output.LoadedInputs.Remove(_inputFile);
            foreach (var state in _engineState.Values) state.Dispose();
            _engineState.Clear();
        }
    }
}
