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
}
