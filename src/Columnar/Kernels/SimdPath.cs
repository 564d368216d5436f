namespace Columnar.Kernels;

/// <summary>The vector width a kernel runs at. <see cref="Scalar"/> is every kernel's oracle and fallback.</summary>
internal enum SimdPath
{
    /// <summary>Plain loops, one element at a time.</summary>
    Scalar = 0,
    /// <summary>Vector128.</summary>
    V128 = 128,
    /// <summary>Vector256.</summary>
    V256 = 256,
    /// <summary>Vector512 (software-emulated by .NET where the hardware lacks AVX-512: correct, not fast).</summary>
    V512 = 512,
}
