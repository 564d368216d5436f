using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Columnar.Kernels;

/// <summary>
/// Software prefetch of the cache line holding one element. Kernels that read only the start of each user's run (and skip
/// the rest) defeat the hardware prefetchers, so each user's first line would be a full memory latency; asking for the
/// line a few users ahead hides it. A hint only: out-of-range indexes and non-x86 machines do nothing.
/// </summary>
internal static class Prefetch
{
    /// <summary>Hints that <paramref name="span"/>[<paramref name="index"/>] will be read soon.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Read<T>(ReadOnlySpan<T> span, int index)
    {
        if (!Sse.IsSupported || (uint)index >= (uint)span.Length) return;
        Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.AsRef(in span[index])));
    }

    /// <summary>Hints that the rows [<paramref name="start"/>, <paramref name="end"/>) of <paramref name="span"/> will be read
    /// soon, one hint per 64-byte line, into the L2 cache (a streaming kernel asks for its next block while it works on this one).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Range(ReadOnlySpan<long> span, int start, int end)
    {
        if (!Sse.IsSupported) return;
        end = Math.Min(end, span.Length);
        for (var i = Math.Max(start, 0); i < end; i += 8) Sse.Prefetch1(Unsafe.AsPointer(ref Unsafe.AsRef(in span[i])));
    }
}
