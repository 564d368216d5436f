using System.Numerics;
using System.Runtime.CompilerServices;

namespace Columnar.Kernels;

/// <summary>
/// One user's activity as a bitset over period offsets k (bit k: active in period cohort + k). Setting a bit twice is harmless,
/// so a user counts once per period however many events fall in it; <see cref="FlushInto"/> adds the set bits to a cohort's
/// counters and clears the set for the next user.
/// </summary>
internal ref struct ActivityBits(Span<ulong> words)
{
    private readonly Span<ulong> _words = words;

    /// <summary>The words needed for <paramref name="periods"/> period offsets.</summary>
    public static int Words(int periods) => Bits.Words(periods);

    public readonly void Set(int k) => _words[k >> 6] |= 1UL << (k & 63);

    /// <summary>Adds 1 to <paramref name="counts"/>[k] for every set bit k, then clears the bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void FlushInto(Span<long> counts)
    {
        for (var w = 0; w < _words.Length; w++)
        {
            var word = _words[w];
            while (word != 0)
            {
                counts[(w << 6) + BitOperations.TrailingZeroCount(word)]++;
                word &= word - 1;
            }
            _words[w] = 0;
        }
    }
}
