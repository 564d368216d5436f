using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;

namespace Columnar.Ingest;

/// <summary>
/// Interns UTF-8 byte strings into dense ids in first-seen order, keyed by DuckDB's 16-byte <c>duckdb_string_t</c> so short
/// strings (up to 12 bytes, stored inline) hash and compare as two machine words. Open addressing, no per-value allocation.
/// </summary>
internal sealed unsafe class Utf8Interner
{
    private const int InlineLength = 12;
    private ulong[] _w0 = new ulong[64];   // length | first 4 bytes
    private ulong[] _w1 = new ulong[64];   // inline bytes 4..11 (short strings only)
    private int[] _offset = new int[64];   // where the bytes start in _arena
    private byte[] _arena = new byte[1024];
    private int _arenaUsed;
    private int[] _slots = new int[128];   // id + 1, 0 = empty
    private int _mask = 127;
    private ulong _lastW0 = ulong.MaxValue;   // an impossible length: matches nothing until the first short string
    private ulong _lastW1;
    private int _lastId;

    /// <summary>The number of distinct strings.</summary>
    public int Count { get; private set; }

    /// <summary>The id of the string held by a <c>duckdb_string_t</c>; <paramref name="added"/> is true when it is new.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Intern(byte* s, out bool added)
    {
        var w0 = *(ulong*)s;
        var w1 = *(ulong*)(s + 8);
        // Runs of the same short value are common (sessions, sorted files): remember the last one, compared as raw words.
        if (w0 == _lastW0 && w1 == _lastW1)
        {
            added = false;
            return _lastId;
        }
        var length = (int)(uint)w0;
        if (length <= InlineLength)
        {
            var (m0, m1) = Masks(length);
            var id = InternShort(w0 & m0, w1 & m1, out added);
            _lastW0 = w0;
            _lastW1 = w1;
            _lastId = id;
            return id;
        }
        return InternLong(w0, *(byte**)(s + 8), length, out added);
    }

    /// <summary>The id of a UTF-8 byte string; <paramref name="added"/> is true when it is new.</summary>
    public int Intern(ReadOnlySpan<byte> utf8, out bool added)
    {
        fixed (byte* p = utf8)
        {
            if (utf8.Length <= InlineLength)
            {
                var key = stackalloc byte[16];
                new Span<byte>(key, 16).Clear();
                *(uint*)key = (uint)utf8.Length;
                utf8.CopyTo(new Span<byte>(key + 4, InlineLength));
                return InternShort(*(ulong*)key, *(ulong*)(key + 8), out added);
            }
            ulong w0 = (uint)utf8.Length | ((ulong)*(uint*)p << 32);
            return InternLong(w0, p, utf8.Length, out added);
        }
    }

    /// <summary>The bytes of string <paramref name="id"/>.</summary>
    public ReadOnlySpan<byte> Bytes(int id) => _arena.AsSpan(_offset[id], (int)(uint)_w0[id]);

    /// <summary>String <paramref name="id"/> decoded from UTF-8.</summary>
    public string GetString(int id) => Encoding.UTF8.GetString(Bytes(id));

    private static (ulong, ulong) Masks(int length)
    {
        var valid = 4 + length;
        var m0 = valid >= 8 ? ulong.MaxValue : (1UL << (8 * valid)) - 1;
        var v1 = valid - 8;
        var m1 = v1 <= 0 ? 0 : (1UL << (8 * v1)) - 1;
        return (m0, m1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int HashShort(ulong w0, ulong w1)
    {
        var h = (w0 * 0x9E3779B97F4A7C15UL) ^ BitOperations.RotateLeft(w1 * 0xC2B2AE3D27D4EB4FUL, 31);
        h ^= h >> 29;
        h *= 0xBF58476D1CE4E5B9UL;
        return (int)(h >> 32);
    }

    private static int HashBytes(byte* p, int length)
    {
        var h = (ulong)length * 0x9E3779B97F4A7C15UL;
        var i = 0;
        for (; i + 8 <= length; i += 8) h = BitOperations.RotateLeft((h ^ *(ulong*)(p + i)) * 0xC2B2AE3D27D4EB4FUL, 29);
        ulong tail = 0;
        for (var k = 0; i < length; i++, k += 8) tail |= (ulong)p[i] << k;
        h = BitOperations.RotateLeft((h ^ tail) * 0xC2B2AE3D27D4EB4FUL, 29);
        h ^= h >> 31;
        h *= 0xBF58476D1CE4E5B9UL;
        return (int)(h >> 32);
    }

    private int HashOf(int id)
    {
        var length = (int)(uint)_w0[id];
        if (length <= InlineLength) return HashShort(_w0[id], _w1[id]);
        fixed (byte* p = &_arena[_offset[id]]) return HashBytes(p, length);
    }

    private int InternShort(ulong w0, ulong w1, out bool added)
    {
        var slot = HashShort(w0, w1) & _mask;
        while (true)
        {
            var e = _slots[slot];
            if (e == 0) break;
            if (_w0[e - 1] == w0 && _w1[e - 1] == w1)
            {
                added = false;
                return e - 1;
            }
            slot = (slot + 1) & _mask;
        }
        added = true;
        var length = (int)(uint)w0;
        var bytes = stackalloc byte[16];
        *(ulong*)bytes = w0;
        *(ulong*)(bytes + 8) = w1;
        return Add(slot, w0, w1, new ReadOnlySpan<byte>(bytes + 4, length));
    }

    private int InternLong(ulong w0, byte* data, int length, out bool added)
    {
        var slot = HashBytes(data, length) & _mask;
        var span = new ReadOnlySpan<byte>(data, length);
        while (true)
        {
            var e = _slots[slot];
            if (e == 0) break;
            if (_w0[e - 1] == w0 && span.SequenceEqual(_arena.AsSpan(_offset[e - 1], length)))
            {
                added = false;
                return e - 1;
            }
            slot = (slot + 1) & _mask;
        }
        added = true;
        return Add(slot, w0, 0, span);
    }

    private int Add(int slot, ulong w0, ulong w1, ReadOnlySpan<byte> bytes)
    {
        var id = Count;
        if (id == _w0.Length)
        {
            Array.Resize(ref _w0, id * 2);
            Array.Resize(ref _w1, id * 2);
            Array.Resize(ref _offset, id * 2);
        }
        if (_arenaUsed + bytes.Length > _arena.Length) Array.Resize(ref _arena, Math.Max(_arena.Length * 2, _arenaUsed + bytes.Length));
        bytes.CopyTo(_arena.AsSpan(_arenaUsed));
        _w0[id] = w0;
        _w1[id] = w1;
        _offset[id] = _arenaUsed;
        _arenaUsed += bytes.Length;
        _slots[slot] = id + 1;
        Count = id + 1;
        if (Count * 2 > _slots.Length) Grow();
        return id;
    }

    private void Grow()
    {
        _slots = new int[_slots.Length * 2];
        _mask = _slots.Length - 1;
        for (var id = 0; id < Count; id++)
        {
            var slot = HashOf(id) & _mask;
            while (_slots[slot] != 0) slot = (slot + 1) & _mask;
            _slots[slot] = id + 1;
        }
    }
}

/// <summary>
/// Interns 64-bit integers into dense ids in first-seen order: open addressing with the key and its id side by side, so a lookup
/// costs one cache line even when keys arrive in random order; the last key is remembered for runs of the same key.
/// </summary>
internal sealed class Int64Interner
{
    private struct Slot
    {
        public long Key;
        public int IdPlusOne;   // 0 = empty
    }

    private long[] _keys = new long[64];
    private Slot[] _slots = new Slot[128];
    private int _mask = 127;
    private long _lastKey;
    private int _lastId = -1;

    /// <summary>The number of distinct values.</summary>
    public int Count { get; private set; }

    /// <summary>The distinct values, indexed by id.</summary>
    public ReadOnlySpan<long> Keys => _keys.AsSpan(0, Count);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Hash(long key)
    {
        var h = (ulong)key * 0x9E3779B97F4A7C15UL;
        return (int)((h ^ (h >> 29)) >> 32);
    }

    /// <summary>The id of <paramref name="key"/>, added when new.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Intern(long key)
    {
        if (key == _lastKey && _lastId >= 0) return _lastId;
        var slot = Hash(key) & _mask;
        while (true)
        {
            ref var s = ref _slots[slot];
            if (s.IdPlusOne == 0) break;
            if (s.Key == key)
            {
                _lastKey = key;
                return _lastId = s.IdPlusOne - 1;
            }
            slot = (slot + 1) & _mask;
        }
        return Add(slot, key);
    }

    private int Add(int slot, long key)
    {
        var id = Count;
        if (id == _keys.Length) Array.Resize(ref _keys, id * 2);
        _keys[id] = key;
        _slots[slot] = new Slot { Key = key, IdPlusOne = id + 1 };
        Count = id + 1;
        if (Count * 2 > _slots.Length)
        {
            _slots = new Slot[_slots.Length * 2];
            _mask = _slots.Length - 1;
            for (var i = 0; i < Count; i++)
            {
                var s = Hash(_keys[i]) & _mask;
                while (_slots[s].IdPlusOne != 0) s = (s + 1) & _mask;
                _slots[s] = new Slot { Key = _keys[i], IdPlusOne = i + 1 };
            }
        }
        _lastKey = key;
        return _lastId = id;
    }
}
