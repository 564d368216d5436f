using System.Numerics;

namespace Columnar.Query;

/// <summary>
/// One bit per row of an event table: set when the row passes every <see cref="EventFilter"/> of a query. Computed once per
/// query by <see cref="QueryScope.Mask"/>; kernels skip rows whose bit is clear. Bit <c>r</c> is bit <c>r % 64</c> of word
/// <c>r / 64</c>, so a kernel can also test 64 rows at a time through <see cref="Words"/>.
/// </summary>
internal sealed class RowMask
{
    private readonly ulong[] _words;

    public RowMask(int rows)
    {
        Rows = rows;
        _words = new ulong[(rows + 63) >> 6];
        Array.Fill(_words, ulong.MaxValue);
        if ((rows & 63) != 0) _words[^1] = (1UL << (rows & 63)) - 1;
    }

    /// <summary>The number of rows covered.</summary>
    public int Rows { get; }

    /// <summary>True when row <paramref name="row"/> passes every filter.</summary>
    public bool this[int row] => (_words[row >> 6] >> (row & 63) & 1) != 0;

    /// <summary>The mask as 64-row words (bit set = keep); bits past <see cref="Rows"/> are clear.</summary>
    public ReadOnlySpan<ulong> Words => _words;

    /// <summary>How many rows pass.</summary>
    public long Count
    {
        get
        {
            long n = 0;
            foreach (var w in _words) n += BitOperations.PopCount(w);
            return n;
        }
    }

    internal void Clear(int row) => _words[row >> 6] &= ~(1UL << (row & 63));
}
