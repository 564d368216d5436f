namespace Columnar.Kernels;

/// <summary>
/// A nullable per-row number read by a kernel: an amount as an unscaled decimal, or an order id as a key that is equal exactly
/// when the ids are. The storage layer implements it over its columns, so kernels stay free of Arrow types.
/// </summary>
internal interface IRowNumbers
{
    bool IsNull(int row);
    Int128 Get(int row);

    /// <summary>destination[i] = the number of row rows[i], or 0 where it is null: one call per batch, so the column's type
    /// is dispatched once and the loads of the batch overlap.</summary>
    void GetOrZero(ReadOnlySpan<int> rows, Span<Int128> destination);
}

/// <summary>No column: every row is null.</summary>
internal readonly struct NoRowNumbers : IRowNumbers
{
    public bool IsNull(int row) => true;
    public Int128 Get(int row) => 0;
    public void GetOrZero(ReadOnlySpan<int> rows, Span<Int128> destination) => destination[..rows.Length].Clear();
}
