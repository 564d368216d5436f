namespace Columnar.Ingest;

/// <summary>What the loader does with a row it cannot load.</summary>
public enum OnError
{
    /// <summary>Throw a <see cref="ColumnarException"/> naming the file, line, column and reason at the first bad row.</summary>
    Fail,
    /// <summary>Write each bad row to a rejects CSV (<c>line,code,column,reason,raw</c>), count it, and carry on.</summary>
    Quarantine,
}
