using System.Globalization;
using Apache.Arrow;
using Apache.Arrow.Types;
using Array = System.Array;

namespace Columnar.Storage;

/// <summary>
/// Accumulates events in arrival order and freezes them into an <see cref="EventTable"/> sorted by (user, time, arrival).
/// Not thread-safe. Strings passed as spans are interned, so repeated user ids, event names and string property values
/// allocate once.
/// </summary>
public sealed class EventTableBuilder
{
    private readonly Dictionary<string, int> _stringUsers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _stringUserLookup;
    private readonly List<string> _stringUserKeys = [];
    private readonly Dictionary<long, int> _longUsers = [];
    private readonly List<long> _longUserKeys = [];
    private readonly Dictionary<string, int> _eventNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _eventLookup;
    private readonly List<string> _eventNameList = [];
    private readonly List<PropertyBuffer> _properties = [];
    private readonly EventRoles _roles;

    // Per row: provisional user (strings: id, longs: ~id), time, provisional event id.
    private int[] _rowUser = new int[1024];
    private long[] _rowTime = new long[1024];
    private int[] _rowEvent = new int[1024];
    private int _count;

    /// <summary>Creates an empty builder.</summary>
    /// <param name="roles">The event roles and amount/order columns carried by the table.</param>
    public EventTableBuilder(EventRoles? roles = null)
    {
        _roles = roles ?? EventRoles.None;
        _stringUserLookup = _stringUsers.GetAlternateLookup<ReadOnlySpan<char>>();
        _eventLookup = _eventNames.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The number of events appended so far.</summary>
    public int Count => _count;

    /// <summary>Where the data came from, shown by <see cref="EventTable.Source"/>.</summary>
    public string Source { get; set; } = "(built)";

    /// <summary>
    /// Reserves room for <paramref name="events"/> events in total, in the core columns and in every property declared so far,
    /// so that appending that many needs no regrowth. Optional; a good hint saves copying and memory churn on large loads.
    /// </summary>
    public void EnsureCapacity(int events)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(events);
        if (events > _rowUser.Length)
        {
            Array.Resize(ref _rowUser, events);
            Array.Resize(ref _rowTime, events);
            Array.Resize(ref _rowEvent, events);
        }
        foreach (var p in _properties) p.Reserve(events);
    }

    /// <summary>Declares a property column and returns its index for the <c>Set*</c> methods. Rows without a value are null.</summary>
    /// <exception cref="ArgumentException">A property with the same name exists, or the name is a core column.</exception>
    public int AddProperty(string name, PropertyType type)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name is "user" or "time" or "event")
            throw new ArgumentException($"'{name}' is a core column and cannot be a property name", nameof(name));
        if (_properties.Any(p => p.Name == name))
            throw new ArgumentException($"property '{name}' is declared twice", nameof(name));
        _properties.Add(new PropertyBuffer(name, type));
        return _properties.Count - 1;
    }

    /// <summary>Appends an event of a user with a text id. Set its properties next with the <c>Set*</c> methods.</summary>
    /// <param name="userId">The original user id; must not be empty.</param>
    /// <param name="timeMicros">Microseconds since the Unix epoch, UTC, from <see cref="Time.TimeZones.MinEventMicros"/> to <see cref="Time.TimeZones.MaxEventMicros"/>.</param>
    /// <param name="eventName">The event name; must not be empty.</param>
    /// <exception cref="ArgumentOutOfRangeException">The time lies outside the supported range.</exception>
    public void Append(ReadOnlySpan<char> userId, long timeMicros, ReadOnlySpan<char> eventName)
    {
        if (userId.IsEmpty) throw new ArgumentException("user id is empty", nameof(userId));
        if (!_stringUserLookup.TryGetValue(userId, out var id))
        {
            var key = userId.ToString();
            id = _stringUserKeys.Count;
            _stringUserKeys.Add(key);
            _stringUsers.Add(key, id);
        }
        AppendRow(id, timeMicros, eventName);
    }

    /// <summary>Appends an event of a user with an integer id. Set its properties next with the <c>Set*</c> methods.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The time lies outside the supported range (see the text-id overload).</exception>
    public void Append(long userId, long timeMicros, ReadOnlySpan<char> eventName)
    {
        if (!_longUsers.TryGetValue(userId, out var id))
        {
            id = _longUserKeys.Count;
            _longUserKeys.Add(userId);
            _longUsers.Add(userId, id);
        }
        AppendRow(~id, timeMicros, eventName);
    }

    private void AppendRow(int user, long time, ReadOnlySpan<char> eventName)
    {
        if (!Time.TimeZones.IsSupported(time))
            throw new ArgumentOutOfRangeException("timeMicros", time, "the time lies outside the supported years 1000 to 9998 (TimeZones.MinEventMicros to MaxEventMicros)");
        if (eventName.IsEmpty) throw new ArgumentException("event name is empty", nameof(eventName));
        if (!_eventLookup.TryGetValue(eventName, out var ev))
        {
            if (_eventNameList.Count == short.MaxValue)
                throw new ColumnarException(ErrorCodes.TooManyEventNames, $"more than {short.MaxValue} distinct event names");
            var key = eventName.ToString();
            ev = _eventNameList.Count;
            _eventNameList.Add(key);
            _eventNames.Add(key, ev);
        }
        if (_count == _rowUser.Length)
        {
            var n = checked(_count * 2);
            Array.Resize(ref _rowUser, n);
            Array.Resize(ref _rowTime, n);
            Array.Resize(ref _rowEvent, n);
        }
        _rowUser[_count] = user;
        _rowTime[_count] = time;
        _rowEvent[_count] = ev;
        _count++;
    }

    private PropertyBuffer Current(int property)
    {
        if (_count == 0) throw new InvalidOperationException("append an event before setting its properties");
        return _properties[property];
    }

    /// <summary>Sets a string property of the last appended event.</summary>
    public void SetString(int property, ReadOnlySpan<char> value) => Current(property).SetString(_count - 1, value);
    /// <summary>Sets an int64 property of the last appended event.</summary>
    public void SetInt64(int property, long value) => Current(property).SetNumber(_count - 1, value);
    /// <summary>Sets a double property of the last appended event.</summary>
    public void SetDouble(int property, double value) => Current(property).SetNumber(_count - 1, BitConverter.DoubleToInt64Bits(value));
    /// <summary>Sets a boolean property of the last appended event.</summary>
    public void SetBool(int property, bool value) => Current(property).SetNumber(_count - 1, value ? 1 : 0);
    /// <summary>Sets a timestamp property (µs since the Unix epoch, UTC) of the last appended event.</summary>
    public void SetTimestamp(int property, long micros) => Current(property).SetNumber(_count - 1, micros);
    /// <summary>Sets a decimal property of the last appended event.</summary>
    public void SetDecimal(int property, decimal value) => Current(property).SetDecimal(_count - 1, value);

    /// <summary>After <see cref="Build"/>: the arrival index of every table row (row r came from the perm[r]-th append).</summary>
    internal int[]? Permutation { get; private set; }

    /// <summary>Sorts the events by (user, time, arrival order) and freezes them. The builder must not be used afterwards.</summary>
    public EventTable Build()
    {
        var n = _count;
        var (dense, userIds, userCount) = DenseUsers();

        // Counting sort by user keeps arrival order within a user; then order each user's run by (time, arrival).
        var offsets = new int[userCount + 1];
        for (var i = 0; i < n; i++) offsets[dense[_rowUser[i] < 0 ? _stringUserKeys.Count + ~_rowUser[i] : _rowUser[i]] + 1]++;
        for (var u = 0; u < userCount; u++) offsets[u + 1] += offsets[u];
        var perm = new int[n];
        var cursor = offsets.AsSpan(0, userCount).ToArray();
        for (var i = 0; i < n; i++) perm[cursor[dense[_rowUser[i] < 0 ? _stringUserKeys.Count + ~_rowUser[i] : _rowUser[i]]]++] = i;
        var times = _rowTime;
        for (var u = 0; u < userCount; u++)
        {
            var run = perm.AsSpan(offsets[u], offsets[u + 1] - offsets[u]);
            var sorted = true;
            for (var j = 1; j < run.Length && sorted; j++) sorted = times[run[j - 1]] <= times[run[j]];
            if (!sorted) run.Sort((a, b) => times[a] != times[b] ? times[a].CompareTo(times[b]) : a.CompareTo(b));
        }

        // Event codes in ordinal name order, so codes do not depend on arrival order.
        var names = _eventNameList.ToArray();
        var order = Enumerable.Range(0, names.Length).ToArray();
        Array.Sort(names.ToArray(), order, StringComparer.Ordinal);
        var eventRemap = new short[names.Length];
        for (var c = 0; c < order.Length; c++) eventRemap[order[c]] = (short)c;

        var userBytes = ArrowBuffers.Allocate<int>(n, out var userOut);
        var timeBytes = ArrowBuffers.Allocate<long>(n, out var timeOut);
        var eventBytes = ArrowBuffers.Allocate<short>(n, out var eventOut);
        long min = long.MaxValue, max = long.MinValue;
        for (var u = 0; u < userCount; u++)
        {
            for (var r = offsets[u]; r < offsets[u + 1]; r++)
            {
                var src = perm[r];
                userOut[r] = u;
                var t = times[src];
                timeOut[r] = t;
                if (t < min) min = t;
                if (t > max) max = t;
                eventOut[r] = eventRemap[_rowEvent[src]];
            }
        }

        var users = new Int32Array(ArrowBuffers.Wrap(userBytes), ArrowBuffer.Empty, n, 0, 0);
        var timeArray = new TimestampArray(ArrowBuffers.MicrosUtc, ArrowBuffers.Wrap(timeBytes), ArrowBuffer.Empty, n, 0, 0);
        var eventIndices = new Int16Array(ArrowBuffers.Wrap(eventBytes), ArrowBuffer.Empty, n, 0, 0);
        var eventDict = ArrowBuffers.Strings(order.Select(o => _eventNameList[o]));
        var events = new DictionaryArray(new DictionaryType(Int16Type.Default, StringType.Default, false), eventIndices, eventDict);
        var offsetBytes = ArrowBuffers.Allocate<int>(userCount + 1, out var offsetOut);
        offsets.CopyTo(offsetOut);
        var offsetArray = new Int32Array(ArrowBuffers.Wrap(offsetBytes), ArrowBuffer.Empty, userCount + 1, 0, 0);

        var props = _properties.Select(p => p.Freeze(perm, n)).ToList();
        Permutation = perm;
        return new EventTable(users, timeArray, events, offsetArray, userIds, props, _roles, Source)
        {
            MinTime = n == 0 ? null : min,
            MaxTime = n == 0 ? null : max,
        };
    }

    /// <summary>
    /// Maps provisional user ids (string ids first, then integer ids) to dense ids ordered by original id.
    /// Integer ids stay integers unless string ids that are not canonical integers are present too.
    /// </summary>
    private (int[] Dense, IArrowArray UserIds, int Count) DenseUsers()
    {
        var ns = _stringUserKeys.Count;
        var nl = _longUserKeys.Count;
        var allCanonical = true;
        var parsed = new long[ns];
        for (var i = 0; i < ns && allCanonical; i++)
            allCanonical = TryCanonicalInt64(_stringUserKeys[i], out parsed[i]);

        var provisional = new int[ns + nl];
        if (allCanonical)
        {
            // Every id is an integer: merge string and integer spellings of the same number.
            var keys = new Dictionary<long, int>(ns + nl);
            var distinct = new List<long>(ns + nl);
            for (var i = 0; i < ns; i++) provisional[i] = Intern(keys, distinct, parsed[i]);
            for (var i = 0; i < nl; i++) provisional[ns + i] = Intern(keys, distinct, _longUserKeys[i]);
            var sorted = distinct.ToArray();
            var idx = Enumerable.Range(0, sorted.Length).ToArray();
            Array.Sort(sorted, idx);
            var rank = new int[sorted.Length];
            for (var r = 0; r < idx.Length; r++) rank[idx[r]] = r;
            for (var i = 0; i < provisional.Length; i++) provisional[i] = rank[provisional[i]];
            var bytes = ArrowBuffers.Allocate<long>(sorted.Length, out var view);
            sorted.CopyTo(view);
            return (provisional, new Int64Array(ArrowBuffers.Wrap(bytes), ArrowBuffer.Empty, sorted.Length, 0, 0), sorted.Length);
        }
        else
        {
            var keys = new Dictionary<string, int>(ns + nl, StringComparer.Ordinal);
            var distinct = new List<string>(ns + nl);
            for (var i = 0; i < ns; i++) provisional[i] = Intern(keys, distinct, _stringUserKeys[i]);
            for (var i = 0; i < nl; i++) provisional[ns + i] = Intern(keys, distinct, _longUserKeys[i].ToString(CultureInfo.InvariantCulture));
            var sorted = distinct.ToArray();
            var idx = Enumerable.Range(0, sorted.Length).ToArray();
            Array.Sort(sorted, idx, StringComparer.Ordinal);
            var rank = new int[sorted.Length];
            for (var r = 0; r < idx.Length; r++) rank[idx[r]] = r;
            for (var i = 0; i < provisional.Length; i++) provisional[i] = rank[provisional[i]];
            return (provisional, ArrowBuffers.Strings(sorted), sorted.Length);
        }
    }

    private static int Intern<T>(Dictionary<T, int> keys, List<T> distinct, T key) where T : notnull
    {
        if (keys.TryGetValue(key, out var id)) return id;
        id = distinct.Count;
        distinct.Add(key);
        keys.Add(key, id);
        return id;
    }

    /// <summary>True for the canonical decimal spelling of an int64: optional '-', no leading zeros, no '+', no spaces.</summary>
    internal static bool TryCanonicalInt64(string s, out long value)
    {
        value = 0;
        if (s.Length == 0 || s.Length > 20) return false;
        var digits = s[0] == '-' ? s.AsSpan(1) : s.AsSpan();
        if (digits.IsEmpty || (digits[0] == '0' && (digits.Length > 1 || s[0] == '-'))) return false;
        foreach (var ch in digits) if (ch is < '0' or > '9') return false;
        return long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>One property column under construction: values in arrival order, padded with nulls lazily.</summary>
    private sealed class PropertyBuffer(string name, PropertyType type)
    {
        public string Name { get; } = name;
        private long[] _numbers = [];
        private decimal[] _decimals = [];
        private bool[] _present = [];
        private readonly Dictionary<string, int> _dict = new(StringComparer.Ordinal);
        private readonly List<string> _dictValues = [];
        private int _maxScale;

        public void Reserve(int rows)
        {
            if (rows <= _present.Length) return;
            Array.Resize(ref _present, rows);
            if (type == PropertyType.Decimal) Array.Resize(ref _decimals, rows);
            else Array.Resize(ref _numbers, rows);
        }

        private void Ensure(int row)
        {
            if (row < _present.Length) return;
            var n = Math.Max(1024, Math.Max(row + 1, _present.Length * 2));
            Array.Resize(ref _present, n);
            if (type == PropertyType.Decimal) Array.Resize(ref _decimals, n);
            else Array.Resize(ref _numbers, n);
        }

        public void SetString(int row, ReadOnlySpan<char> value)
        {
            if (type != PropertyType.String) throw new InvalidOperationException($"property '{Name}' is {type}, not String");
            Ensure(row);
            var lookup = _dict.GetAlternateLookup<ReadOnlySpan<char>>();
            if (!lookup.TryGetValue(value, out var code))
            {
                var key = value.ToString();
                code = _dictValues.Count;
                _dictValues.Add(key);
                _dict.Add(key, code);
            }
            _numbers[row] = code;
            _present[row] = true;
        }

        public void SetNumber(int row, long bits)
        {
            if (type is PropertyType.String or PropertyType.Decimal) throw new InvalidOperationException($"property '{Name}' is {type}");
            Ensure(row);
            _numbers[row] = bits;
            _present[row] = true;
        }

        public void SetDecimal(int row, decimal value)
        {
            if (type != PropertyType.Decimal) throw new InvalidOperationException($"property '{Name}' is {type}, not Decimal");
            Ensure(row);
            _decimals[row] = value;
            _present[row] = true;
            _maxScale = Math.Max(_maxScale, Math.Min((int)value.Scale, 18));
        }

        public PropertyColumn Freeze(int[] perm, int n)
        {
            Ensure(Math.Max(0, n - 1));
            var isNull = new bool[n];
            for (var r = 0; r < n; r++) isNull[r] = !_present[perm[r]];
            var validity = ArrowBuffers.Validity(isNull, out var nulls);
            IArrowArray data;
            switch (type)
            {
                case PropertyType.String:
                {
                    // Dictionary codes in ordinal value order, so output does not depend on arrival order.
                    var values = _dictValues.ToArray();
                    var order = Enumerable.Range(0, values.Length).ToArray();
                    Array.Sort(values, order, StringComparer.Ordinal);
                    var remap = new int[values.Length];
                    for (var c = 0; c < order.Length; c++) remap[order[c]] = c;
                    var bytes = ArrowBuffers.Allocate<int>(n, out var codes);
                    for (var r = 0; r < n; r++) codes[r] = isNull[r] ? 0 : remap[_numbers[perm[r]]];
                    var indices = new Int32Array(ArrowBuffers.Wrap(bytes), validity, n, nulls, 0);
                    data = new DictionaryArray(new DictionaryType(Int32Type.Default, StringType.Default, false), indices, ArrowBuffers.Strings(values));
                    break;
                }
                case PropertyType.Decimal:
                {
                    var b = new Decimal128Array.Builder(new Decimal128Type(38, _maxScale));
                    for (var r = 0; r < n; r++)
                    {
                        if (isNull[r]) b.AppendNull();
                        else b.Append(Math.Round(_decimals[perm[r]], _maxScale, MidpointRounding.ToEven));
                    }
                    data = b.Build();
                    break;
                }
                case PropertyType.Bool:
                {
                    var b = new BooleanArray.Builder();
                    for (var r = 0; r < n; r++)
                    {
                        if (isNull[r]) b.AppendNull();
                        else b.Append(_numbers[perm[r]] != 0);
                    }
                    data = b.Build();
                    break;
                }
                default:
                {
                    var bytes = ArrowBuffers.Allocate<long>(n, out var values);
                    for (var r = 0; r < n; r++) values[r] = isNull[r] ? 0 : _numbers[perm[r]];
                    var buffer = ArrowBuffers.Wrap(bytes);
                    data = type switch
                    {
                        PropertyType.Int64 => new Int64Array(buffer, validity, n, nulls, 0),
                        PropertyType.Double => new DoubleArray(buffer, validity, n, nulls, 0),
                        PropertyType.Timestamp => new TimestampArray(ArrowBuffers.MicrosUtc, buffer, validity, n, nulls, 0),
                        _ => throw new InvalidOperationException($"unknown property type {type}"),
                    };
                    break;
                }
            }
            return new PropertyColumn(Name, type, data);
        }
    }
}
