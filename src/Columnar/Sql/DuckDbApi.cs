using System.Runtime.InteropServices;

namespace Columnar.Sql;

/// <summary>
/// The few entry points of DuckDB's C API (from the libduckdb bundled with DuckDB.NET) that a table function needs.
/// Signatures mirror duckdb.h one to one; handles are opaque pointers. Only <see cref="ArrowScan"/> uses them.
/// </summary>
internal static unsafe class DuckDbApi
{
    private const string Lib = "duckdb";

    /// <summary>DuckDB's <c>duckdb_type</c> values used here.</summary>
    public const int TypeBoolean = 1, TypeTinyInt = 2, TypeSmallInt = 3, TypeInteger = 4, TypeBigInt = 5, TypeUTinyInt = 6,
        TypeUSmallInt = 7, TypeUInteger = 8, TypeUBigInt = 9, TypeFloat = 10, TypeDouble = 11, TypeTimestamp = 12, TypeDate = 13,
        TypeVarchar = 17, TypeTimestampTz = 31;

    /// <summary>Rows per DuckDB vector (STANDARD_VECTOR_SIZE, 2048 in release builds).</summary>
    [DllImport(Lib, EntryPoint = "duckdb_vector_size")] public static extern ulong VectorSize();

    [DllImport(Lib, EntryPoint = "duckdb_create_table_function")] public static extern nint CreateTableFunction();
    [DllImport(Lib, EntryPoint = "duckdb_destroy_table_function")] public static extern void DestroyTableFunction(nint* function);
    [DllImport(Lib, EntryPoint = "duckdb_table_function_set_name")] public static extern void SetName(nint function, byte* name);
    [DllImport(Lib, EntryPoint = "duckdb_table_function_set_extra_info")] public static extern void SetExtraInfo(nint function, nint info, delegate* unmanaged[Cdecl]<nint, void> destroy);
    [DllImport(Lib, EntryPoint = "duckdb_table_function_set_bind")] public static extern void SetBind(nint function, delegate* unmanaged[Cdecl]<nint, void> bind);
    [DllImport(Lib, EntryPoint = "duckdb_table_function_set_init")] public static extern void SetInit(nint function, delegate* unmanaged[Cdecl]<nint, void> init);
    [DllImport(Lib, EntryPoint = "duckdb_table_function_set_function")] public static extern void SetFunction(nint function, delegate* unmanaged[Cdecl]<nint, nint, void> scan);
    [DllImport(Lib, EntryPoint = "duckdb_table_function_supports_projection_pushdown")] public static extern void SupportsProjectionPushdown(nint function, byte pushdown);
    [DllImport(Lib, EntryPoint = "duckdb_register_table_function")] public static extern int RegisterTableFunction(nint connection, nint function);

    [DllImport(Lib, EntryPoint = "duckdb_bind_get_extra_info")] public static extern nint BindGetExtraInfo(nint info);
    [DllImport(Lib, EntryPoint = "duckdb_bind_add_result_column")] public static extern void BindAddResultColumn(nint info, byte* name, nint type);
    [DllImport(Lib, EntryPoint = "duckdb_bind_set_cardinality")] public static extern void BindSetCardinality(nint info, ulong cardinality, byte exact);
    [DllImport(Lib, EntryPoint = "duckdb_bind_set_error")] public static extern void BindSetError(nint info, byte* error);

    [DllImport(Lib, EntryPoint = "duckdb_init_get_extra_info")] public static extern nint InitGetExtraInfo(nint info);
    [DllImport(Lib, EntryPoint = "duckdb_init_get_column_count")] public static extern ulong InitGetColumnCount(nint info);
    [DllImport(Lib, EntryPoint = "duckdb_init_get_column_index")] public static extern ulong InitGetColumnIndex(nint info, ulong column);
    [DllImport(Lib, EntryPoint = "duckdb_init_set_init_data")] public static extern void InitSetInitData(nint info, nint data, delegate* unmanaged[Cdecl]<nint, void> destroy);
    [DllImport(Lib, EntryPoint = "duckdb_init_set_max_threads")] public static extern void InitSetMaxThreads(nint info, ulong threads);
    [DllImport(Lib, EntryPoint = "duckdb_init_set_error")] public static extern void InitSetError(nint info, byte* error);

    [DllImport(Lib, EntryPoint = "duckdb_function_get_extra_info")] public static extern nint FunctionGetExtraInfo(nint info);
    [DllImport(Lib, EntryPoint = "duckdb_function_get_init_data")] public static extern nint FunctionGetInitData(nint info);
    [DllImport(Lib, EntryPoint = "duckdb_function_set_error")] public static extern void FunctionSetError(nint info, byte* error);

    [DllImport(Lib, EntryPoint = "duckdb_data_chunk_get_vector")] public static extern nint ChunkGetVector(nint chunk, ulong column);
    [DllImport(Lib, EntryPoint = "duckdb_data_chunk_set_size")] public static extern void ChunkSetSize(nint chunk, ulong size);
    [DllImport(Lib, EntryPoint = "duckdb_vector_get_data")] public static extern void* VectorGetData(nint vector);
    [DllImport(Lib, EntryPoint = "duckdb_vector_get_validity")] public static extern ulong* VectorGetValidity(nint vector);
    [DllImport(Lib, EntryPoint = "duckdb_vector_ensure_validity_writable")] public static extern void VectorEnsureValidityWritable(nint vector);

    [DllImport(Lib, EntryPoint = "duckdb_create_logical_type")] public static extern nint CreateLogicalType(int type);
    [DllImport(Lib, EntryPoint = "duckdb_create_decimal_type")] public static extern nint CreateDecimalType(byte width, byte scale);
    [DllImport(Lib, EntryPoint = "duckdb_destroy_logical_type")] public static extern void DestroyLogicalType(nint* type);

    /// <summary><paramref name="text"/> as a NUL-terminated UTF-8 string, to pin with <c>fixed</c>.</summary>
    public static byte[] Utf8(string text)
    {
        var bytes = new byte[System.Text.Encoding.UTF8.GetByteCount(text) + 1];
        System.Text.Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }
}

/// <summary>DuckDB's 16-byte <c>duckdb_string_t</c>: length, then 12 inlined bytes, or a 4-byte prefix and a pointer.</summary>
[StructLayout(LayoutKind.Sequential, Size = 16)]
internal unsafe struct DuckDbString
{
    public uint Length;
    public fixed byte Inline[12];

    /// <summary>A string of <paramref name="length"/> UTF-8 bytes at <paramref name="data"/>, inlined when it fits in 12 bytes,
    /// otherwise pointing at <paramref name="data"/>, which must stay valid as long as DuckDB may read the vector.</summary>
    public static DuckDbString Create(byte* data, int length)
    {
        var s = new DuckDbString { Length = (uint)length };
        if (length <= 12)
        {
            new ReadOnlySpan<byte>(data, length).CopyTo(new Span<byte>(s.Inline, 12));
        }
        else
        {
            new ReadOnlySpan<byte>(data, 4).CopyTo(new Span<byte>(s.Inline, 4));
            *(byte**)(s.Inline + 4) = data;
        }
        return s;
    }
}
