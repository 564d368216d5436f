using Columnar.Ingest;

namespace Columnar.Storage;

public sealed partial class EventTable
{
    /// <summary>
    /// Loads a CSV/TSV/whitespace text, JSON Lines, Parquet or Arrow IPC file into an event table, using a preset's file shape,
    /// mapping and defaults. The format comes from the extension unless <see cref="LoadOptions.Format"/> forces it.
    /// <see cref="LoadReport"/> of the result says how many rows were read, loaded and rejected, and how many are duplicates.
    /// </summary>
    /// <param name="path">The input file.</param>
    /// <param name="preset">The preset, for example <see cref="Preset.Taobao"/> or <c>Preset.Get("cdnow")</c>.</param>
    /// <param name="options">Format, error mode, rejects path, time zone, mapping overrides and progress; null for defaults.</param>
    /// <exception cref="ColumnarException">Missing file (COL0001), unknown format (COL0002), unmapped column (COL0003), bad mapping (COL0010),
    /// unknown zone (COL0011), unreadable binary file (COL0015), no events at all (COL0016: an empty file, no data rows, or every row
    /// rejected; the message gives the counts, and any rejects file is written in full first); and in <see cref="OnError.Fail"/> mode the first bad row (COL0004–COL0009,
    /// COL0012, COL0013), naming file, line and column.</exception>
    /// <exception cref="ArgumentException"><see cref="LoadOptions.RejectsPath"/> is set but the effective mode is not <see cref="OnError.Quarantine"/>.</exception>
    public static EventTable Load(string path, Preset preset, LoadOptions? options = null) =>
        EventLoader.Load(path, preset, options).WithInputFile(path);

    /// <summary>Registers the file the table was loaded from, so no output replaces it while the table lives.</summary>
    internal EventTable WithInputFile(string path)
    {
        // Absolute now: released at Dispose, when the working directory may have changed.
        _inputFile = Path.GetFullPath(path);
        Output.LoadedInputs.Add(_inputFile);
        return this;
    }

    /// <summary>The report of the load that produced this table, or null when it was built in memory.</summary>
    public LoadReport? LoadReport { get; internal set; }
}
