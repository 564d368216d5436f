namespace Columnar.Datasets;

/// <summary>
/// xoshiro256** (Blackman and Vigna), seeded through SplitMix64. Our own generator rather than <see cref="System.Random"/>,
/// whose algorithm is not promised to stay the same across .NET versions. Only integer arithmetic and exact
/// int-to-double conversions are used, so every machine and runtime draws the same numbers.
/// </summary>
internal struct Xoshiro256
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>Seeds the four state words with four consecutive SplitMix64 outputs starting from <paramref name="seed"/>.</summary>
    public Xoshiro256(ulong seed)
    {
        var sm = seed;
        _s0 = SplitMix64.Next(ref sm);
        _s1 = SplitMix64.Next(ref sm);
        _s2 = SplitMix64.Next(ref sm);
        _s3 = SplitMix64.Next(ref sm);
    }

    /// <summary>An independent stream for one (seed, purpose, index) triple, such as the events of user 17.</summary>
    public static Xoshiro256 ForStream(long seed, ulong purpose, ulong index)
    {
        var key = SplitMix64.Mix((ulong)seed ^ 0x6A09E667F3BCC909UL);
        key = SplitMix64.Mix(key ^ (purpose * 0x9E3779B97F4A7C15UL));
        key = SplitMix64.Mix(key ^ (index * 0xD1B54A32D192ED03UL + 0xBB67AE8584CAA73BUL));
        return new Xoshiro256(key);
    }

    public ulong NextUInt64()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform integer in [0, <paramref name="n"/>), unbiased (Lemire's multiply-and-reject). <paramref name="n"/> must be positive.</summary>
    public ulong NextBounded(ulong n)
    {
        var high = Math.BigMul(NextUInt64(), n, out var low);
        if (low < n)
        {
            var threshold = (0 - n) % n;
            while (low < threshold) high = Math.BigMul(NextUInt64(), n, out low);
        }
        return high;
    }

    /// <summary>A uniform integer in [0, <paramref name="n"/>).</summary>
    public int NextInt(int n) => (int)NextBounded((ulong)n);

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>True with probability <paramref name="p"/>.</summary>
    public bool Chance(double p) => NextDouble() < p;

    /// <summary>An index drawn with probability proportional to <paramref name="weights"/>.</summary>
    public int Pick(ReadOnlySpan<int> weights)
    {
        var total = 0;
        foreach (var w in weights) total += w;
        var r = NextInt(total);
        for (var i = 0; i < weights.Length; i++)
        {
            r -= weights[i];
            if (r < 0) return i;
        }
        return weights.Length - 1;
    }
}

/// <summary>SplitMix64 (Steele, Lea and Flood), used to expand seeds.</summary>
internal static class SplitMix64
{
    public static ulong Next(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        return Mix(state);
    }

    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
