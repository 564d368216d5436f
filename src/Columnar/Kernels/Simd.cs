using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Columnar.Kernels;

/// <summary>
/// Chooses the <see cref="SimdPath"/> kernels run at: the widest hardware-accelerated width, unless the environment variable
/// <c>COLUMNAR_SIMD</c> (<c>scalar</c>, <c>128</c>, <c>256</c> or <c>512</c>) forces one, or <see cref="Force"/> does for the
/// current async flow (tests use it to run whole analyses on every path in one process).
/// </summary>
internal static class Simd
{
    /// <summary>The name of the environment variable that forces a path.</summary>
    public const string EnvironmentVariable = "COLUMNAR_SIMD";

    private static readonly AsyncLocal<SimdPath?> Forced = new();

    /// <summary>The widest path the hardware accelerates.</summary>
    public static SimdPath Best { get; } =
        Vector512.IsHardwareAccelerated ? SimdPath.V512 :
        Vector256.IsHardwareAccelerated ? SimdPath.V256 :
        Vector128.IsHardwareAccelerated ? SimdPath.V128 : SimdPath.Scalar;

    private static readonly Lazy<SimdPath> FromEnvironment = new(() => Parse(Environment.GetEnvironmentVariable(EnvironmentVariable)) ?? Best);

    /// <summary>The path from <c>COLUMNAR_SIMD</c>, or <see cref="Best"/> when it is unset.</summary>
    /// <exception cref="ColumnarException">ANA0001 when the variable holds an unknown value.</exception>
    public static SimdPath Default => FromEnvironment.Value;

    /// <summary>The path kernels use now: a <see cref="Force"/> in effect, else <see cref="Default"/>.</summary>
    public static SimdPath Path => Forced.Value ?? Default;

    /// <summary>Every path, narrowest first: the ones tests iterate.</summary>
    public static IReadOnlyList<SimdPath> All { get; } = [SimdPath.Scalar, SimdPath.V128, SimdPath.V256, SimdPath.V512];

    /// <summary>
    /// The widest width at most <paramref name="path"/> whose vector fits in <paramref name="length"/> elements of
    /// <paramref name="lanes128"/> per 128 bits: a kernel runs its main loop and its overlapping tail at that width, and
    /// only inputs shorter than one 128-bit vector run scalar.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdPath Fit(SimdPath path, int length, int lanes128) =>
        path >= SimdPath.V512 && length >= 4 * lanes128 ? SimdPath.V512 :
        path >= SimdPath.V256 && length >= 2 * lanes128 ? SimdPath.V256 :
        path >= SimdPath.V128 && length >= lanes128 ? SimdPath.V128 : SimdPath.Scalar;

    /// <summary>Parses a <c>COLUMNAR_SIMD</c> value; null or empty means unset.</summary>
    /// <exception cref="ColumnarException">ANA0001 for any other value.</exception>
    public static SimdPath? Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" => null,
        "scalar" => SimdPath.Scalar,
        "128" => SimdPath.V128,
        "256" => SimdPath.V256,
        "512" => SimdPath.V512,
        _ => throw new ColumnarException(ErrorCodes.BadOption, $"{EnvironmentVariable}={value} is not one of scalar, 128, 256, 512"),
    };

    /// <summary>Forces <paramref name="path"/> for the current async flow (and tasks it starts) until the scope is disposed.</summary>
    public static IDisposable Force(SimdPath path)
    {
        var previous = Forced.Value;
        Forced.Value = path;
        return new Restore(previous);
    }

    private sealed class Restore(SimdPath? previous) : IDisposable
    {
        public void Dispose() => Forced.Value = previous;
    }
}
