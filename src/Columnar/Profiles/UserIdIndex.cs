using System.Globalization;
using Apache.Arrow;
using Columnar.Storage;

namespace Columnar.Profiles;

/// <summary>
/// Original id → dense user index by binary search: the dense index is ordered by original id (numerically for integer ids,
/// ordinally for text ids), so the id dictionary is itself the sorted lookup table.
/// </summary>
internal sealed class UserIdIndex
{
    private readonly Int64Array? _ints;
    private readonly StringArray? _strings;
    private readonly int _count;

    private UserIdIndex(EventTable table)
    {
        _count = table.UserCount;
        if (table.UserIds is Int64Array ints) _ints = ints;
        else _strings = (StringArray)table.UserIds;
    }

    public static UserIdIndex For(EventTable table) => new(table);

    /// <summary>Finds the dense index of the original id <paramref name="id"/> given as text.</summary>
    public bool TryFind(string id, out int user)
    {
        user = -1;
        if (_ints is not null)
        {
            return long.TryParse(id, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && TryFind(n, out user);
        }
        int lo = 0, hi = _count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var c = string.CompareOrdinal(_strings!.GetString(mid), id);
            if (c == 0) { user = mid; return true; }
            if (c < 0) lo = mid + 1; else hi = mid - 1;
        }
        return false;
    }

    /// <summary>Finds the dense index of an integer original id (false for text-id tables).</summary>
    public bool TryFind(long id, out int user)
    {
        user = -1;
        if (_ints is null) return TryFind(id.ToString(CultureInfo.InvariantCulture), out user);
        var i = _ints.Values.BinarySearch(id);
        if (i < 0) return false;
        user = i;
        return true;
    }
}
