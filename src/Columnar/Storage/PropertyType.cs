namespace Columnar.Storage;

/// <summary>The logical type of a property column. Strings are stored dictionary-encoded.</summary>
public enum PropertyType
{
    /// <summary>UTF-8 text, stored as dictionary&lt;int32, utf8&gt;.</summary>
    String,
    /// <summary>64-bit signed integer.</summary>
    Int64,
    /// <summary>64-bit IEEE floating point.</summary>
    Double,
    /// <summary>Boolean.</summary>
    Bool,
    /// <summary>Timestamp in microseconds since the Unix epoch, UTC.</summary>
    Timestamp,
    /// <summary>Exact decimal (money), stored as decimal128(38, scale) with the largest scale seen in the input (at most 18).</summary>
    Decimal,
}
