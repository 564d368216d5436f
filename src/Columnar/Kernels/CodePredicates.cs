using System.Runtime.Intrinsics;

namespace Columnar.Kernels;

/// <summary>A test on event codes, at every width: the operator half of the <see cref="CodeMatch"/> kernels.
/// Vector results have all bits set in matching lanes.</summary>
internal interface ICodePredicate
{
    bool Invoke(short code);
    Vector128<short> Invoke(Vector128<short> codes);
    Vector256<short> Invoke(Vector256<short> codes);
    Vector512<short> Invoke(Vector512<short> codes);
}

/// <summary>The code equals one value.</summary>
internal readonly struct CodeEquals(short code) : ICodePredicate
{
    public bool Invoke(short c) => c == code;
    public Vector128<short> Invoke(Vector128<short> c) => Vector128.Equals(c, Vector128.Create(code));
    public Vector256<short> Invoke(Vector256<short> c) => Vector256.Equals(c, Vector256.Create(code));
    public Vector512<short> Invoke(Vector512<short> c) => Vector512.Equals(c, Vector512.Create(code));
}

/// <summary>
/// The code is one of up to four values. Unused slots repeat the first value, so the vector form is always four compares
/// and an OR, with no branch on the set size.
/// </summary>
internal readonly struct CodeIn : ICodePredicate
{
    /// <summary>The most codes a set may hold.</summary>
    public const int Capacity = 4;

    private readonly short _a, _b, _c, _d;

    public CodeIn(ReadOnlySpan<short> codes)
    {
        if (codes.Length is 0 or > Capacity)
            throw new ArgumentOutOfRangeException(nameof(codes), $"a code set holds 1..{Capacity} codes");
        _a = codes[0];
        _b = codes.Length > 1 ? codes[1] : _a;
        _c = codes.Length > 2 ? codes[2] : _a;
        _d = codes.Length > 3 ? codes[3] : _a;
    }

    public bool Invoke(short c) => c == _a || c == _b || c == _c || c == _d;

    public Vector128<short> Invoke(Vector128<short> c) =>
        Vector128.Equals(c, Vector128.Create(_a)) | Vector128.Equals(c, Vector128.Create(_b)) |
        Vector128.Equals(c, Vector128.Create(_c)) | Vector128.Equals(c, Vector128.Create(_d));

    public Vector256<short> Invoke(Vector256<short> c) =>
        Vector256.Equals(c, Vector256.Create(_a)) | Vector256.Equals(c, Vector256.Create(_b)) |
        Vector256.Equals(c, Vector256.Create(_c)) | Vector256.Equals(c, Vector256.Create(_d));

    public Vector512<short> Invoke(Vector512<short> c) =>
        Vector512.Equals(c, Vector512.Create(_a)) | Vector512.Equals(c, Vector512.Create(_b)) |
        Vector512.Equals(c, Vector512.Create(_c)) | Vector512.Equals(c, Vector512.Create(_d));
}
