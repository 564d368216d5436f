namespace Columnar;

/// <summary>Stable error codes carried by <see cref="ColumnarException"/>. Codes never change meaning once published.</summary>
public static class ErrorCodes
{
    /// <summary>The input file does not exist or cannot be opened.</summary>
    public const string FileNotFound = "COL0001";
    /// <summary>The file format is unknown or cannot be inferred from the extension.</summary>
    public const string UnknownFormat = "COL0002";
    /// <summary>A mapped column is not present in the input.</summary>
    public const string ColumnNotFound = "COL0003";
    /// <summary>A time value cannot be parsed with the mapped time format, or lies outside the supported years 1000 to 9998.</summary>
    public const string BadTime = "COL0004";
    /// <summary>A row has an empty or null user id.</summary>
    public const string EmptyUser = "COL0005";
    /// <summary>A row has more or fewer fields than the header (or the first row).</summary>
    public const string WrongFieldCount = "COL0006";
    /// <summary>The last line of a text file is cut off mid-row.</summary>
    public const string TruncatedRow = "COL0007";
    /// <summary>A typed value (number, boolean) cannot be parsed.</summary>
    public const string BadValue = "COL0008";
    /// <summary>An event name is empty or null.</summary>
    public const string EmptyEvent = "COL0009";
    /// <summary>The mapping or preset is invalid (unknown key, missing required key).</summary>
    public const string BadMapping = "COL0010";
    /// <summary>An unknown time zone id.</summary>
    public const string UnknownTimeZone = "COL0011";
    /// <summary>A malformed quoted field in a delimited file.</summary>
    public const string BadQuote = "COL0012";
    /// <summary>A JSON Lines row is not a valid JSON object.</summary>
    public const string BadJson = "COL0013";
    /// <summary>Too many distinct event names for the int16 event dictionary.</summary>
    public const string TooManyEventNames = "COL0014";
    /// <summary>A binary input (Parquet, Arrow IPC) is corrupt or cannot be decoded, or a column has an unsupported type.</summary>
    public const string UnreadableFile = "COL0015";
    /// <summary>The input yields no events at all (an empty file, or every row rejected).</summary>
    public const string NoEvents = "COL0016";
    /// <summary>Two columns of an input file carry a name the mapping uses, so it cannot tell them apart.</summary>
    public const string DuplicateColumn = "COL0017";
    /// <summary>An output file (report, export, rejects, snapshot) cannot be written: a missing directory, a directory in its
    /// place, no permission, a full disk.</summary>
    public const string CannotWrite = "COL0018";

    /// <summary>A tracking plan file is malformed (bad JSON, unknown type, duplicate event or property, min above max).</summary>
    public const string BadPlan = "GOV0001";
    /// <summary>A governance option is invalid (unknown property, non-positive threshold, incomplete clock-skew columns).</summary>
    public const string BadGovernanceOption = "GOV0002";

    /// <summary>An analysis option is invalid (empty funnel, non-positive window or timeout, ...).</summary>
    public const string BadOption = "ANA0001";
    /// <summary>A referenced property does not exist in the table.</summary>
    public const string UnknownProperty = "ANA0002";
    /// <summary>An analysis needs an event role (for example purchase) that the dataset lacks.</summary>
    public const string MissingRole = "ANA0003";
    /// <summary>The embedded DuckDB engine reported an error.</summary>
    public const string EngineError = "ANA0004";

    /// <summary>A segment expression or a tag rule has a syntax error; the message points at the position.</summary>
    public const string SegmentSyntax = "PRO0001";
    /// <summary>A segment or rule names a tag, or a tag value, that the tag store does not hold.</summary>
    public const string UnknownTag = "PRO0002";
    /// <summary>A tag definition or a JSON tag file is invalid.</summary>
    public const string BadTagDefinition = "PRO0003";
    /// <summary>A tag snapshot file is corrupt or not a snapshot.</summary>
    public const string BadSnapshot = "PRO0004";
    /// <summary>User sets over different tables were combined; dense indexes only agree within one loaded table.</summary>
    public const string TableMismatch = "PRO0005";
    /// <summary>A user (attribute) table cannot be read: missing id column, duplicate ids, bad numbers.</summary>
    public const string BadUserTable = "PRO0006";
}
