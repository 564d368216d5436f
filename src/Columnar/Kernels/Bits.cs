using System.Numerics;
using System.Runtime.CompilerServices;

namespace Columnar.Kernels;

/// <summary>Row bitsets: bit i of word i/64 stands for row i. Kernels write them with vector masks and read them by set bit.</summary>
internal static class Bits
{
    /// <summary>The number of 64-bit words that hold <paramref name="count"/> bits.</summary>
    public static int Words(int count) => (count + 63) >> 6;

    /// <summary>
    /// ORs <paramref name="mask"/> (at most 64 bits) into the bitset at bit <paramref name="position"/>. Bits of the mask that would
    /// fall past the last word must be zero; overlapping tails write identical bits, so the OR is idempotent for them.
    /// </summary>
    public static void Or(Span<ulong> bits, int position, ulong mask)
    {
        var word = position >> 6;
        var shift = position & 63;
        bits[word] |= mask << shift;
        if (shift != 0)
        {
            var spill = mask >> (64 - shift);
            if (spill != 0) bits[word + 1] |= spill;
        }
    }

    /// <summary>True when bit <paramref name="i"/> is set.</summary>
    public static bool Get(ReadOnlySpan<ulong> bits, int i) => (bits[i >> 6] & (1UL << (i & 63))) != 0;

    /// <summary>Writes the positions of the set bits, plus <paramref name="offset"/>, in ascending order; returns how many.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Indices(ReadOnlySpan<ulong> bits, int offset, Span<int> destination)
    {
        var n = 0;
        for (var w = 0; w < bits.Length; w++)
        {
            var word = bits[w];
            var at = offset + (w << 6);
            while (word != 0)
            {
                destination[n++] = at + BitOperations.TrailingZeroCount(word);
                word &= word - 1;
            }
        }
        return n;
    }

    /// <summary>The number of set bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Count(ReadOnlySpan<ulong> bits)
    {
        var n = 0;
        foreach (var w in bits) n += BitOperations.PopCount(w);
        return n;
    }
}
