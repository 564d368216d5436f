using System.Diagnostics;
using System.Globalization;
using Columnar.Storage;

namespace Columnar.Ingest;

/// <summary>
/// Streams a file through a <see cref="RowSource"/> into an <see cref="EventTableBuilder"/>: resolves the mapping against the
/// file's columns, validates and converts each row (user, time, event, typed properties), fails or quarantines bad rows,
/// reports progress, and counts duplicates in the finished table. Parquet files go through <see cref="ParquetColumnarLoader"/>
/// (whole vectors, same table and report) unless they need something only this row path reproduces.
/// </summary>
internal static class EventLoader
{
    internal static readonly long ProgressIntervalTicks = Stopwatch.Frequency / 4;

    /// <summary>A mapped property: where it comes from, its type, and its index in the builder.</summary>
    internal readonly record struct Prop(string Name, int Column, PropertyType Type, int Index);

    public static EventTable Load(string path, Preset preset, LoadOptions? options) => Load(path, preset, options, out _, trackLines: false);

    /// <summary>Loads and also returns the 1-based source line (binary formats: row) of every table row, for governance samples.</summary>
    public static EventTable LoadWithLines(string path, Preset preset, LoadOptions? options, out long[] rowLines) =>
        Load(path, preset, options, out rowLines, trackLines: true);

    /// <summary>Loads through the row path only, never the columnar Parquet path (the reference the columnar path is tested against).</summary>
    internal static EventTable LoadRowPath(string path, Preset preset, LoadOptions? options, out long[] rowLines, bool trackLines = false) =>
        Load(path, preset, options, out rowLines, trackLines, columnar: false);

    private static EventTable Load(string path, Preset preset, LoadOptions? options, out long[] rowLines, bool trackLines, bool columnar = true)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(preset);
        options ??= LoadOptions.Default;
        var clock = Stopwatch.StartNew();
        var fileName = Path.GetFileName(path);
        InputFile.Require(path, "file");

        var mapping = preset.Mapping.OverriddenBy(options.Mapping);
        var effectiveZone = TimeReader.FindZone(options.TimeZone ?? preset.TimeZone);
        var textZone = mapping.TimeZone is { Length: > 0 } z ? TimeReader.FindZone(z) : effectiveZone;
        var ctx = new LoadContext
        {
            Path = path,
            FileName = fileName,
            Preset = preset,
            Mapping = mapping,
            Options = options,
            TimeReader = new TimeReader(mapping.TimeFormat, textZone),
            PropertyTimes = new TimeReader("iso", textZone),
            Format = options.Format ?? FormatOf(path, preset),
            OnError = options.OnError ?? preset.OnError,
            TrackLines = trackLines,
            Clock = clock,
        };
        if (ctx.OnError != OnError.Quarantine && options.RejectsPath is { } ignored)
            throw new ArgumentException($"LoadOptions.RejectsPath ('{ignored}') needs OnError.Quarantine; with OnError.Fail "
                + $"{(options.OnError is null ? $"(the default of preset '{preset.Name}') " : "")}the first bad row throws and nothing is written there", nameof(options));
        // Quarantining into the input would overwrite it while it is being read.
        if (ctx.OnError == OnError.Quarantine && options.RejectsPath is { } rejects && Output.OutputFile.SameFile(rejects, path))
            throw new ColumnarException(ErrorCodes.CannotWrite, $"cannot write the rejects file '{rejects}': it is the input file", path);

        // Parquet: whole vectors at a time through DuckDB's C API, unless the file needs the row path.
        var table = columnar && ctx.Format == FileFormat.Parquet && ParquetColumnarLoader.TryLoad(ctx, out var fast, out rowLines)
            ? fast
            : LoadRows(ctx, out rowLines);
        return RequireEvents(table);
    }

    /// <summary>
    /// Refuses a load that yielded no event (no data rows, or every row rejected): an empty table would only make every analysis
    /// answer zero. The rejects file is complete by now; the error carries the load report for callers that show the counts.
    /// </summary>
    private static EventTable RequireEvents(EventTable table)
    {
        if (table.EventCount > 0) return table;
        var r = table.LoadReport!;
        table.Dispose();
        var why = r.RowsRead == 0
            ? "the file holds no data rows"
            : $"every row was rejected ({string.Join(", ", r.RejectsByCode.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} ×{kv.Value:N0}"))})"
              + (r.RejectsPath is { } rejects ? $"; the rejected rows are in {rejects}" : "");
        throw new ColumnarException(ErrorCodes.NoEvents,
            $"no events to load: read {r.RowsRead:N0} row(s), loaded 0, rejected {r.RowsRejected:N0}: {why}", Path.GetFileName(r.File)) { LoadReport = r };
    }

    /// <summary>The row-at-a-time path: every format, every mapping.</summary>
    private static EventTable LoadRows(LoadContext ctx, out long[] rowLines)
    {
        var (path, fileName, preset, options) = (ctx.Path, ctx.FileName, ctx.Preset, ctx.Options);
        var timeReader = ctx.TimeReader;
        var propertyTimes = ctx.PropertyTimes;
        var clock = ctx.Clock;

        using var source = Open(path, fileName, ctx.Format, preset);
        var columns = source.Columns;
        var plan = Resolve(ctx, columns, out var builder);
        var (userCol, timeCol, constantEvent, eventCol, props) = (plan.UserCol, plan.TimeCol, plan.ConstantEvent, plan.EventCol, plan.Props);

        using var log = new RejectLog(ctx);
        var lines = ctx.TrackLines ? new List<long>() : null;
        long read = 0, loaded = 0;
        var lastProgress = clock.ElapsedTicks;
        var typed = new long[props.Length];
        var typedDecimal = new decimal[props.Length];
        var isNull = new bool[props.Length];

        try
        {
            while (source.MoveNext())
            {
                read++;
                var problem = source.Problem ?? LoadRow();
                if (problem is { } p) log.Reject(p, source.Line, source.Raw);
                else
                {
                    loaded++;
                    lines?.Add(source.Line);
                }
                if ((read & 4095) == 0 && options.Progress is { } progress && clock.ElapsedTicks - lastProgress >= ProgressIntervalTicks)
                {
                    lastProgress = clock.ElapsedTicks;
                    progress.Report(new LoadProgress(source.BytesRead, source.TotalBytes, read));
                }
            }
        }
        catch (IOException ex)
        {
            throw new ColumnarException(ErrorCodes.FileNotFound, $"cannot read the file: {ex.Message}", fileName, source.Line, inner: ex);
        }
        catch (ColumnarException ex) when (ex.File is null)
        {
            throw WithFile(ex, fileName, ex.Line ?? source.Line); // e.g. the builder's COL0014, which knows no file
        }
        catch (Exception ex) when (ex is not ColumnarException and not OutOfMemoryException)
        {
            // Bad input must surface as a Columnar error with a location, never as a crash.
            throw new ColumnarException(ErrorCodes.UnreadableFile, $"cannot read the row ({ex.GetType().Name}: {ex.Message})", fileName, source.Line, inner: ex);
        }
        finally
        {
            log.Close();
        }
        options.Progress?.Report(new LoadProgress(source.TotalBytes, source.TotalBytes, read));
        Debug.Assert(read == loaded + log.Rejected);

        var table = builder.Build();
        rowLines = [];
        if (lines is not null)
        {
            var perm = builder.Permutation!;
            rowLines = new long[perm.Length];
            for (var r = 0; r < perm.Length; r++) rowLines[r] = lines[perm[r]];
        }
        Finish(ctx, table, read, loaded, log, source.BlankLines);
        return table;

        RowProblem? LoadRow()
        {
            // User.
            var userKind = source.Kind(userCol);
            long userLong = 0;
            var userIsLong = false;
            if (userKind == FieldKind.Null || (userKind == FieldKind.Text && source.Text(userCol).IsWhiteSpace()))
                return new RowProblem(ErrorCodes.EmptyUser, columns[userCol], "empty user id");
            if (userKind == FieldKind.Bool || source.IsStructured(userCol))
                return new RowProblem(ErrorCodes.BadValue, columns[userCol], $"'{source.Text(userCol)}' is a {(userKind == FieldKind.Bool ? "boolean" : "JSON object or array")}, not a user id");
            if (preset.IntegerUserIds || userKind == FieldKind.Int64)
            {
                if (!ValueReader.TryUserId(source, userCol, out userLong))
                    return new RowProblem(ErrorCodes.BadValue, columns[userCol], $"cannot parse '{source.Text(userCol)}' as an integer user id");
                userIsLong = true;
            }

            // Time.
            if (source.Kind(timeCol) == FieldKind.Null) return new RowProblem(ErrorCodes.BadTime, columns[timeCol], "empty time");
            if (!timeReader.TryRead(source, timeCol, out var micros))
                return new RowProblem(ErrorCodes.BadTime, columns[timeCol], timeReader.Problem(source, timeCol));

            // Event.
            ReadOnlySpan<char> eventName = constantEvent;
            if (constantEvent is null)
            {
                if (source.Kind(eventCol) == FieldKind.Null) return new RowProblem(ErrorCodes.EmptyEvent, columns[eventCol], "empty event name");
                eventName = source.Text(eventCol);
                if (eventName.IsWhiteSpace()) return new RowProblem(ErrorCodes.EmptyEvent, columns[eventCol], "empty event name");
                if (source.IsStructured(eventCol))
                    return new RowProblem(ErrorCodes.BadValue, columns[eventCol], $"'{source.Text(eventCol)}' is a JSON object or array, not an event name");
            }

            if (source.DeferredProblem is { } deferred) return deferred;

            // Typed properties are parsed before anything is appended, so a bad row leaves no trace.
            for (var i = 0; i < props.Length; i++)
            {
                var prop = props[i];
                isNull[i] = source.Kind(prop.Column) == FieldKind.Null;
                if (isNull[i]) continue;
                var ok = prop.Type switch
                {
                    PropertyType.String => true,
                    PropertyType.Int64 => ValueReader.TryInt64(source, prop.Column, out typed[i]),
                    PropertyType.Double => TryDoubleBits(prop.Column, out typed[i]),
                    PropertyType.Bool => TryBoolBits(prop.Column, out typed[i]),
                    PropertyType.Timestamp => TryTimestamp(prop.Column, out typed[i]),
                    PropertyType.Decimal => ValueReader.TryDecimal(source, prop.Column, out typedDecimal[i]),
                    _ => false,
                };
                if (!ok)
                    return new RowProblem(ErrorCodes.BadValue, columns[prop.Column],
                        $"cannot parse '{source.Text(prop.Column)}' as {prop.Type.ToString().ToLowerInvariant()}");
            }

            if (userIsLong) builder.Append(userLong, micros, eventName);
            else builder.Append(source.Text(userCol), micros, eventName);
            for (var i = 0; i < props.Length; i++)
            {
                if (isNull[i]) continue;
                var prop = props[i];
                switch (prop.Type)
                {
                    case PropertyType.String: builder.SetString(prop.Index, source.Text(prop.Column)); break;
                    case PropertyType.Int64: builder.SetInt64(prop.Index, typed[i]); break;
                    case PropertyType.Double: builder.SetDouble(prop.Index, BitConverter.Int64BitsToDouble(typed[i])); break;
                    case PropertyType.Bool: builder.SetBool(prop.Index, typed[i] != 0); break;
                    case PropertyType.Timestamp: builder.SetTimestamp(prop.Index, typed[i]); break;
                    case PropertyType.Decimal: builder.SetDecimal(prop.Index, typedDecimal[i]); break;
                }
            }
            return null;
        }

        bool TryDoubleBits(int col, out long bits)
        {
            var ok = ValueReader.TryDouble(source, col, out var d);
            bits = BitConverter.DoubleToInt64Bits(d);
            return ok;
        }

        bool TryBoolBits(int col, out long bits)
        {
            var ok = ValueReader.TryBool(source, col, out var b);
            bits = b ? 1 : 0;
            return ok;
        }

        bool TryTimestamp(int col, out long micros)
        {
            // Timestamp properties: native timestamps, ISO 8601 text (zone-less in the text zone), or epoch µs integers.
            micros = 0;
            return source.Kind(col) switch
            {
                FieldKind.Int64 => ValueReader.TryInt64(source, col, out micros),
                _ => propertyTimes.TryRead(source, col, out micros),
            };
        }
    }

    /// <summary>Stamps the time zone and the load report (counts, rejects, duplicates, warnings) on a finished table.</summary>
    internal static void Finish(LoadContext ctx, EventTable table, long read, long loaded, RejectLog log, long blankLines, ColumnarPhases? phases = null)
    {
        table.TimeZone = Time.TimeZones.CanonicalId(ctx.Options.TimeZone ?? ctx.Preset.TimeZone);
        var (dupRows, dupGroups) = DuplicateCounter.Count(table);
        var warnings = new List<string>();
        if (blankLines > 0) warnings.Add($"{blankLines:N0} blank line(s) skipped");
        table.LoadReport = new LoadReport(ctx.Path, ctx.Format, read, loaded, log.Rejected, log.ByCode, log.Path, dupRows, dupGroups,
            ctx.Clock.Elapsed, warnings) { RejectSamples = log.Samples(), Phases = phases };
    }

    private static int IndexOf(IReadOnlyList<string> columns, string name)
    {
        for (var c = 0; c < columns.Count; c++) if (columns[c] == name) return c;
        return -1;
    }

    /// <summary>
    /// Resolves the mapping against the file's columns: the user, time and event columns (or the constant event) and the typed
    /// properties, declared in a fresh builder (which also validates their names).
    /// </summary>
    internal static LoadPlan Resolve(LoadContext ctx, IReadOnlyList<string> columns, out EventTableBuilder builder)
    {
        var (mapping, preset, fileName) = (ctx.Mapping, ctx.Preset, ctx.FileName);
        if (columns.Count == 0)
            throw new ColumnarException(ErrorCodes.NoEvents, $"{fileName} is empty: there is nothing to read");
        int Find(string key, string column)
        {
            var at = IndexOf(columns, column);
            if (at >= 0)
            {
                // A mapped name that two columns carry is ambiguous (unmapped duplicates do no harm).
                for (var c = at + 1; c < columns.Count; c++)
                    if (columns[c] == column)
                        throw new ColumnarException(ErrorCodes.DuplicateColumn,
                            $"{fileName}: the column name '{column}' (mapped as '{key}') appears more than once (columns {at + 1} and {c + 1}); rename one");
                return at;
            }
            throw new ColumnarException(ErrorCodes.ColumnNotFound,
                $"column '{column}' (mapped as '{key}') not found in {fileName} (columns: {string.Join(", ", columns)})");
        }
        string Required(string key, string? value) => string.IsNullOrWhiteSpace(value)
            ? throw new ColumnarException(ErrorCodes.BadMapping, $"the mapping has no '{key}' (preset '{preset.Name}', mapping: {mapping})")
            : value;

        var userCol = Find("user", Required("user", mapping.User));
        var timeCol = Find("time", Required("time", mapping.Time));
        var eventSpec = Required("event", mapping.Event);
        var constantEvent = eventSpec.StartsWith('=') ? eventSpec[1..] : null;
        if (constantEvent is { Length: 0 }) throw new ColumnarException(ErrorCodes.BadMapping, "the constant event 'event==' has no name");
        var eventCol = constantEvent is null ? Find("event", eventSpec) : -1;

        var roles = mapping.ToRoles();
        builder = new EventTableBuilder(roles) { Source = ctx.Path };
        var props = DeclareProperties(mapping, preset, builder, Find);
        return new LoadPlan(userCol, timeCol, constantEvent, eventCol, props, roles);
    }

    private static Prop[] DeclareProperties(EventMapping mapping, Preset preset, EventTableBuilder builder, Func<string, string, int> find)
    {
        var list = new List<(string Column, PropertyType Type)>();
        var explicitTypes = new Dictionary<string, PropertyType>(StringComparer.Ordinal);
        foreach (var (column, type) in mapping.ParseProps())
        {
            if (type is { } t) explicitTypes[column] = t;
            list.Add((column, type ?? preset.ColumnTypes.GetValueOrDefault(column, PropertyType.String)));
        }
        if (!string.IsNullOrWhiteSpace(mapping.Order) && list.All(p => p.Column != mapping.Order))
            list.Add((mapping.Order, explicitTypes.GetValueOrDefault(mapping.Order, preset.ColumnTypes.GetValueOrDefault(mapping.Order, PropertyType.String))));
        if (!string.IsNullOrWhiteSpace(mapping.Amount))
        {
            // The amount is money: always an exact decimal.
            list.RemoveAll(p => p.Column == mapping.Amount);
            list.Add((mapping.Amount, PropertyType.Decimal));
        }
        var props = new Prop[list.Count];
        for (var i = 0; i < list.Count; i++)
        {
            var (column, type) = list[i];
            var key = column == mapping.Amount ? "amount" : column == mapping.Order ? "order" : "props";
            var col = find(key, column);
            int index;
            try
            {
                index = builder.AddProperty(column, type);
            }
            catch (ArgumentException ex)
            {
                throw new ColumnarException(ErrorCodes.BadMapping, $"cannot map property '{column}': {ex.Message}");
            }
            props[i] = new Prop(column, col, type, index);
        }
        return props;
    }

    /// <summary>The format implied by the extension: <c>.tsv</c> is tab-separated; <c>.csv</c> and <c>.txt</c> follow the preset's text shape.</summary>
    internal static FileFormat FormatOf(string path, Preset preset)
    {
        var ext = Path.GetExtension(path).ToLowerInvariant();
        return ext switch
        {
            ".csv" or ".txt" => preset.TextFormat,
            ".tsv" => FileFormat.Tsv,
            ".jsonl" or ".ndjson" or ".json" => FileFormat.JsonLines,
            ".parquet" => FileFormat.Parquet,
            ".arrow" or ".ipc" or ".feather" => FileFormat.ArrowIpc,
            _ => throw new ColumnarException(ErrorCodes.UnknownFormat,
                $"cannot tell the format of '{Path.GetFileName(path)}' from its extension (known: .csv .tsv .txt .jsonl .ndjson .json .parquet .arrow .ipc .feather); force one with LoadOptions.Format or the CLI's --input-format"),
        };
    }

    /// <summary>
    /// Refuses a file read as text whose first bytes say it is not UTF-8 text (a Parquet or Arrow file with a .csv name,
    /// a compressed file, UTF-16): parsed as text it would only fail later with a misleading field-count error, or load garbage.
    /// </summary>
    /// <exception cref="ColumnarException">COL0002 naming the file and what it is.</exception>
    private static void RefuseBinary(FileStream stream, string fileName, FileFormat format)
    {
        Span<byte> head = stackalloc byte[4096];
        var n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        stream.Position = 0;
        head = head[..n];
        string? what =
            head.StartsWith("PAR1"u8) ? $"a Parquet file (it starts with PAR1); {(fileName.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase) ? "" : "rename it to .parquet or ")}pass --input-format parquet" :
            head.StartsWith("ARROW1"u8) || head.StartsWith(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF }) ? "an Arrow IPC file; rename it to .arrow or pass --input-format arrow" :
            head.StartsWith(new byte[] { 0x1F, 0x8B }) ? "gzip-compressed; decompress it first" :
            head.StartsWith("PK\x03\x04"u8) ? "a zip archive; extract it first" :
            head.StartsWith(new byte[] { 0x28, 0xB5, 0x2F, 0xFD }) ? "zstd-compressed; decompress it first" :
            head.StartsWith(new byte[] { 0xFF, 0xFE }) || head.StartsWith(new byte[] { 0xFE, 0xFF }) ? "UTF-16 text; only UTF-8 is read, so convert it first" :
            LooksUtf16(head) ? "UTF-16 text without a byte-order mark; only UTF-8 is read, so convert it first" :
            head.Contains((byte)0) ? $"binary, not text (a NUL byte at offset {head.IndexOf((byte)0)})" :
            null;
        if (what is not null)
            throw new ColumnarException(ErrorCodes.UnknownFormat, $"it was to be read as {format} text but is {what}", fileName);
    }

    /// <summary>ASCII-range text in UTF-16 without a byte-order mark: every other byte is NUL (the high bytes), the rest not.</summary>
    private static bool LooksUtf16(ReadOnlySpan<byte> head)
    {
        if (head.Length < 8) return false;
        int evenNul = 0, oddNul = 0;
        for (var i = 0; i + 1 < head.Length; i += 2)
        {
            evenNul += head[i] == 0 ? 1 : 0;
            oddNul += head[i + 1] == 0 ? 1 : 0;
        }
        var pairs = head.Length / 2;
        return (oddNul >= pairs * 9 / 10 && evenNul == 0) || (evenNul >= pairs * 9 / 10 && oddNul == 0);
    }

    /// <summary>The same error, located in <paramref name="fileName"/> (errors raised below the loader know no file).</summary>
    private static ColumnarException WithFile(ColumnarException ex, string fileName, long? line) =>
        new(ex.Code, ex.Reason, fileName, line, ex.Column, ex);

    private static RowSource Open(string path, string fileName, FileFormat format, Preset preset)
    {
        RowSource inner;
        if (format == FileFormat.Parquet) inner = new ParquetSource(path, fileName);
        else
        {
            FileStream stream;
            try
            {
                stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new ColumnarException(ErrorCodes.FileNotFound, $"cannot open the file: {ex.Message}", path, inner: ex);
            }
            try
            {
                if (format != FileFormat.ArrowIpc) RefuseBinary(stream, fileName, format);
                inner = format switch
                {
                    FileFormat.JsonLines => new JsonLinesSource(stream, fileName),
                    FileFormat.ArrowIpc => new ArrowIpcSource(stream, fileName),
                    _ => new DelimitedSource(stream, format, preset.HasHeader, preset.Columns),
                };
            }
            catch (ColumnarException ex) when (ex.File is null)
            {
                // The sources read the header without knowing the file's name.
                stream.Dispose();
                throw WithFile(ex, fileName, ex.Line);
            }
            catch
            {
                stream.Dispose();
                throw;
            }
        }
        return preset.Derived.Count == 0 ? inner : new DerivedSource(inner, preset.Derived);
    }
}

/// <summary>Everything one load needs besides the file's contents: the file, preset, effective mapping, readers and options.</summary>
internal sealed class LoadContext
{
    public required string Path { get; init; }
    public required string FileName { get; init; }
    public required Preset Preset { get; init; }
    public required EventMapping Mapping { get; init; }
    public required LoadOptions Options { get; init; }
    public required TimeReader TimeReader { get; init; }
    public required TimeReader PropertyTimes { get; init; }
    public required FileFormat Format { get; init; }
    public required OnError OnError { get; init; }
    public required bool TrackLines { get; init; }
    public required Stopwatch Clock { get; init; }
}

/// <summary>The mapping resolved against a file's columns.</summary>
internal sealed record LoadPlan(int UserCol, int TimeCol, string? ConstantEvent, int EventCol, EventLoader.Prop[] Props, EventRoles Roles);

/// <summary>
/// What happens to bad rows: in fail mode the first one throws (naming file, line, column and reason); in quarantine mode each is
/// counted by code, sampled for the quality report, and written to the rejects file.
/// </summary>
internal sealed class RejectLog(LoadContext ctx) : IDisposable
{
    private readonly RejectsWriter? _writer = ctx.OnError == OnError.Quarantine
        ? new RejectsWriter(ctx.Options.RejectsPath ?? System.IO.Path.Combine(Environment.CurrentDirectory, "rejects", ctx.FileName + ".rejects.csv"))
        : null;
    private readonly Dictionary<string, List<(long Line, string Reason)>> _samples = new(StringComparer.Ordinal);

    public long Rejected { get; private set; }

    public Dictionary<string, long> ByCode { get; } = new(StringComparer.Ordinal);

    /// <summary>The rejects file, or null when nothing was written.</summary>
    public string? Path => _writer?.Any == true ? _writer.Path : null;

    /// <summary>Rejects one row; <paramref name="raw"/> renders it for the rejects file.</summary>
    public void Reject(RowProblem p, long line, Func<string> raw)
    {
        Rejected++;
        if (_writer is null) throw new ColumnarException(p.Code, p.Reason, ctx.FileName, line, p.Column);
        ByCode[p.Code] = ByCode.GetValueOrDefault(p.Code) + 1;
        if (!_samples.TryGetValue(p.Code, out var sample)) _samples[p.Code] = sample = [];
        if (sample.Count < LoadReport.SamplesPerCode) sample.Add((line, p.Column is null ? p.Reason : $"column '{p.Column}': {p.Reason}"));
        _writer.Write(line, p, raw());
    }

    public IReadOnlyDictionary<string, IReadOnlyList<(long Line, string Reason)>> Samples() =>
        _samples.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<(long, string)>)kv.Value, StringComparer.Ordinal);

    /// <summary>Flushes and closes the rejects file.</summary>
    public void Close() => _writer?.Dispose();

    public void Dispose() => Close();
}
