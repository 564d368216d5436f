using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Apache.Arrow;
using Array = System.Array;
using Apache.Arrow.Types;
using Columnar.Storage;
using DuckDB.NET.Data;

namespace Columnar.Ingest;

/// <summary>
/// The columnar Parquet path: DuckDB streams the file a data chunk at a time (same projection as <see cref="ParquetSource"/>), each
/// mapped column is validated and encoded vector by vector straight into the buffer that becomes its Arrow column (user ids to a
/// provisional index, event names and string values to provisional dictionary codes), then the rows are ordered by (user, time,
/// arrival) with a counting sort by user and a per-user check-then-sort by time, and every column is permuted in place.
/// The table, the load report, the errors and the rejects are the same as the row path's. Inputs it does not reproduce exactly
/// (decimals wider than 18 digits, more than 32,767 event names) go to the row path.
/// </summary>
internal static unsafe class ParquetColumnarLoader
{
    /// <summary>Loads <see cref="LoadContext.Path"/> column-wise; false when the row path must load it instead.</summary>
    public static bool TryLoad(LoadContext ctx, [NotNullWhen(true)] out EventTable? table, out long[] rowLines)
    {
        table = null;
        rowLines = [];
        using var connection = new DuckDBConnection("DataSource=:memory:");
        string[] columns;
        FieldKind[] kinds;
        byte[] scales;
        string sql;
        long totalRows;
        try
        {
            connection.Open();
            using (var set = connection.CreateCommand())
            {
                // Let DuckDB's threads decode ahead while this thread encodes (the default buffer is under 1 MB, which keeps one
                // core idle); 128 MB of decoded chunks costs about a third of the synthetic table at the peak.
                set.CommandText = "SET streaming_buffer_size = '128MB'";
                set.ExecuteNonQuery();
            }
            var source = ParquetSource.ReadParquet(ctx.Path);
            var described = new List<(string Name, string Type)>();
            using (var describe = connection.CreateCommand())
            {
                describe.CommandText = $"DESCRIBE SELECT * FROM {source}";
                using var r = describe.ExecuteReader();
                while (r.Read()) described.Add((r.GetString(0), r.GetString(1)));
            }
            using (var count = connection.CreateCommand())
            {
                count.CommandText = $"SELECT count(*) FROM {source}";
                totalRows = Convert.ToInt64(count.ExecuteScalar(), CultureInfo.InvariantCulture);
            }
            columns = described.Select(d => d.Name).ToArray();
            kinds = new FieldKind[columns.Length];
            scales = new byte[columns.Length];
            var select = new string[columns.Length];
            for (var c = 0; c < columns.Length; c++)
            {
                var quoted = ParquetSource.Quote(columns[c]);
                var (kind, expression) = ParquetSource.Project(quoted, described[c].Type);
                if (kind == FieldKind.Decimal)
                {
                    // Decimals are read as int64 unscaled values; wider ones would need the row path's 128-bit conversion.
                    var (precision, scale) = DecimalShape(described[c].Type);
                    if (precision > 18) return false;
                    scales[c] = (byte)scale;
                    expression = $"CAST({quoted} AS DECIMAL(18,{scale}))";
                }
                kinds[c] = kind;
                select[c] = expression;
            }
            sql = $"SELECT {string.Join(", ", select)} FROM {source}";
        }
        catch (Exception ex) when (ex is not ColumnarException)
        {
            throw new ColumnarException(ErrorCodes.UnreadableFile, $"cannot read the Parquet file: {ex.Message}", ctx.FileName, inner: ex);
        }
        if (totalRows > Array.MaxLength / 16) return false;

        // Derived columns whose inputs the file lacks are left out, as DerivedSource does; mapping one then reports it missing.
        var derived = ctx.Preset.Derived.Where(d => d.Inputs.All(columns.Contains)).ToArray();
        var plan = EventLoader.Resolve(ctx, [.. columns, .. derived.Select(d => d.Name)], out _);
        try
        {
            table = new Run(ctx, plan, columns, kinds, scales, derived, (int)totalRows).Load(connection, sql, out rowLines);
            return true;
        }
        catch (ColumnarFallbackException)
        {
            return false;
        }
    }

    private static (int Precision, int Scale) DecimalShape(string type)
    {
        var open = type.IndexOf('(');
        var comma = type.IndexOf(',');
        var close = type.IndexOf(')');
        return (int.Parse(type.AsSpan(open + 1, comma - open - 1), CultureInfo.InvariantCulture),
            int.Parse(type.AsSpan(comma + 1, close - comma - 1), CultureInfo.InvariantCulture));
    }

    private const int TypeBoolean = 1, TypeBigInt = 5, TypeDouble = 11, TypeVarchar = 17, TypeDecimal = 19;

    /// <summary>One columnar load: the encoders of the mapped columns and the read loop.</summary>
    private sealed class Run
    {
        private readonly LoadContext _ctx;
        private readonly LoadPlan _plan;
        private readonly ChunkRowSource _source;
        private readonly UserEncoder _user;
        private readonly TimeEncoder _time;
        private readonly EventEncoder _event;
        private readonly PropertyEncoder[] _props;
        private readonly ColumnEncoder[] _all;
        private readonly int _capacity;
        private readonly int _fileColumns;

        public Run(LoadContext ctx, LoadPlan plan, string[] fileColumns, FieldKind[] fileKinds, byte[] scales, DerivedColumn[] derived, int capacity)
        {
            _ctx = ctx;
            _plan = plan;
            _capacity = capacity;
            _fileColumns = fileColumns.Length;
            _source = new ChunkRowSource(fileColumns, fileKinds, scales, derived);
            // Derived columns have no vector: their kind (Null here) sends every encoder to the per-value path.
            string[] columns = [.. fileColumns, .. derived.Select(d => d.Name)];
            FieldKind[] kinds = [.. fileKinds, .. derived.Select(_ => FieldKind.Null)];
            _user = new UserEncoder(plan.UserCol, columns[plan.UserCol], kinds[plan.UserCol], ctx.Preset.IntegerUserIds, capacity);
            _time = new TimeEncoder(plan.TimeCol, columns[plan.TimeCol], kinds[plan.TimeCol], ctx.TimeReader, capacity);
            _event = plan.ConstantEvent is { } constant
                ? new EventEncoder(-1, "", FieldKind.Null, constant, capacity)
                : new EventEncoder(plan.EventCol, columns[plan.EventCol], kinds[plan.EventCol], null, capacity);
            _props = plan.Props.Select(p =>
            {
                var kind = kinds[p.Column];
                var name = columns[p.Column];
                PropertyEncoder e = p.Type switch
                {
                    PropertyType.String => new StringPropertyEncoder(p.Column, name, kind, capacity),
                    PropertyType.Bool => new BoolPropertyEncoder(p.Column, name, kind, capacity),
                    PropertyType.Decimal when DecimalPropertyEncoder.Handles(kind) =>
                        new DecimalPropertyEncoder(p.Column, name, kind, kind == FieldKind.Decimal ? scales[p.Column] : 0, capacity),
                    PropertyType.Decimal => new ParsedDecimalPropertyEncoder(p.Column, name, kind, capacity),
                    _ => new Int64PropertyEncoder(p.Column, name, kind, p.Type, ctx.PropertyTimes, capacity),
                };
                return e;
            }).ToArray();
            _all = derived.Length == 0 ? [_user, _time, _event, .. _props] : [_user, _time, _event, new DeferredProblemEncoder(), .. _props];
        }

        public EventTable Load(DuckDBConnection connection, string sql, out long[] rowLines)
        {
            var ctx = _ctx;
            var fileName = ctx.FileName;
            var totalBytes = new FileInfo(ctx.Path).Length;
            using var log = new RejectLog(ctx);
            var lines = ctx.TrackLines ? GC.AllocateUninitializedArray<long>(Math.Max(_capacity, 1)) : null;
            var state = new ChunkState(_source);
            long read = 0;
            var loaded = 0;
            var lastProgress = ctx.Clock.ElapsedTicks;
            var readWatch = Stopwatch.StartNew();
            long fetchTicks = 0;
            var encodeTicks = new long[_all.Length];
            try
            {
                DuckDbChunkStream stream;
                try
                {
                    stream = new DuckDbChunkStream(connection, sql);
                }
                catch (InvalidOperationException ex)
                {
                    throw new ColumnarException(ErrorCodes.UnreadableFile, $"cannot read the Parquet file: {ex.Message}", fileName, inner: ex);
                }
                using (stream)
                {
                    // The encoders read vectors by their physical layout: make sure the projection produced the expected types.
                    for (var c = 0; c < _fileColumns; c++)
                    {
                        var expected = _source.KindOf(c) switch
                        {
                            FieldKind.Text => TypeVarchar,
                            FieldKind.Double => TypeDouble,
                            FieldKind.Bool => TypeBoolean,
                            FieldKind.Decimal => TypeDecimal,
                            _ => TypeBigInt,
                        };
                        if (stream.ColumnType(c) != expected) throw new ColumnarFallbackException($"column {c} has DuckDB type {stream.ColumnType(c)}");
                    }
                    while (true)
                    {
                        var fetchStart = Stopwatch.GetTimestamp();
                        try
                        {
                            if (!stream.Next()) break;
                        }
                        catch (InvalidOperationException ex)
                        {
                            throw new ColumnarException(ErrorCodes.UnreadableFile, $"cannot read the Parquet file: {ex.Message}", fileName, read + 1, inner: ex);
                        }
                        finally
                        {
                            fetchTicks += Stopwatch.GetTimestamp() - fetchStart;
                        }
                        var size = stream.Size;
                        if (loaded + (long)size > _capacity) throw new ColumnarFallbackException("the file has more rows than its metadata says");
                        _source.Load(stream);
                        state.Reset(size, loaded, read + 1);
                        if (_source.HasDerived) _source.Derive(size, read + 1);
                        for (var k = 0; k < _all.Length; k++)
                        {
                            var t0 = Stopwatch.GetTimestamp();
                            _all[k].Encode(state);
                            encodeTicks[k] += Stopwatch.GetTimestamp() - t0;
                        }
                        var good = size;
                        if (state.ProblemCount > 0)
                        {
                            var w = loaded;
                            for (var i = 0; i < size; i++)
                            {
                                var line = read + 1 + i;
                                if (state.Problem(i) is { } p)
                                {
                                    good--;
                                    state.At(i);
                                    log.Reject(p, line, _source.Raw);
                                    continue;
                                }
                                if (w != loaded + i) foreach (var e in _all) e.Move(loaded + i, w);
                                if (lines is not null) lines[w] = line;
                                w++;
                            }
                        }
                        else if (lines is not null)
                        {
                            for (var i = 0; i < size; i++) lines[loaded + i] = read + 1 + i;
                        }
                        loaded += good;
                        read += size;
                        if (ctx.Options.Progress is { } progress && ctx.Clock.ElapsedTicks - lastProgress >= EventLoader.ProgressIntervalTicks)
                        {
                            lastProgress = ctx.Clock.ElapsedTicks;
                            var bytes = _capacity == 0 ? totalBytes : (long)((double)read / _capacity * totalBytes);
                            progress.Report(new LoadProgress(Math.Min(bytes, totalBytes), totalBytes, read));
                        }
                    }
                }
            }
            catch (IOException ex)
            {
                throw new ColumnarException(ErrorCodes.FileNotFound, $"cannot read the file: {ex.Message}", fileName, _source.Line, inner: ex);
            }
            catch (Exception ex) when (ex is not ColumnarException and not OutOfMemoryException and not ColumnarFallbackException)
            {
                throw new ColumnarException(ErrorCodes.UnreadableFile, $"cannot read the row ({ex.GetType().Name}: {ex.Message})", fileName, _source.Line, inner: ex);
            }
            finally
            {
                log.Close();
            }
            ctx.Options.Progress?.Report(new LoadProgress(totalBytes, totalBytes, read));
            var readTime = readWatch.Elapsed;

            var table = Assemble(loaded, log.Rejected == 0, lines, out rowLines, out var sortTime, out var freezeTime);
            var phases = new ColumnarPhases(readTime, Stopwatch.GetElapsedTime(0, fetchTicks), sortTime, freezeTime,
                _all.Select((e, k) => (e.GetType().Name.Replace("Encoder", ""), Stopwatch.GetElapsedTime(0, encodeTicks[k]))).ToArray());
            EventLoader.Finish(ctx, table, read, loaded, log, 0, phases);
            return table;
        }

        /// <summary>Sorts the staged rows by (user, time, arrival) and freezes every column into the table.</summary>
        private EventTable Assemble(int n, bool allStagedValuesLoaded, long[]? lines, out long[] rowLines, out TimeSpan sortTime, out TimeSpan freezeTime)
        {
            var watch = Stopwatch.StartNew();
            var (dense, userIds, userCount) = _user.DenseUsers(n);
            var users = _user.Users;
            var times = _time.Times;

            // Dense users in place; count each user's rows; detect input already in (user, time) order.
            var offsets = new int[userCount + 1];
            var ordered = true;
            var prevUser = -1;
            for (var i = 0; i < n; i++)
            {
                var u = dense[users[i]];
                users[i] = u;
                offsets[u + 1]++;
                if (u < prevUser || (u == prevUser && times[i] < times[i - 1])) ordered = false;
                prevUser = u;
            }
            for (var u = 0; u < userCount; u++) offsets[u + 1] += offsets[u];

            int[]? permArray = null;
            if (!ordered) permArray = SortPermutation(n, users, times, offsets);
            sortTime = watch.Elapsed;
            watch.Restart();

            // Event codes in ordinal name order.
            bool[]? usedEvents = null;
            if (!allStagedValuesLoaded)
            {
                usedEvents = new bool[_event.Names.Count];
                for (var i = 0; i < n; i++) usedEvents[_event.Codes[i]] = true;
            }
            var (eventNames, eventRank) = ColumnEncoder.SortedDictionary(_event.Names, usedEvents);
            var codes = _event.Codes;
            for (var i = 0; i < n; i++) codes[i] = (short)eventRank[codes[i]];

            long min = long.MaxValue, max = long.MinValue;
            var properties = new IArrowArray[_props.Length];
            fixed (int* perm = permArray)
            {
                var p = perm;
                // One task per column; each permutes its own buffer in place.
                var tasks = new List<Action<GatherScratch>>
                {
                    scratch =>
                    {
                        if (p is not null) ColumnStaging.Permute(times, n, p, scratch);
                        for (var i = 0; i < n; i++)
                        {
                            var t = times[i];
                            if (t < min) min = t;
                            if (t > max) max = t;
                        }
                    },
                    scratch =>
                    {
                        if (p is not null) ColumnStaging.Permute(codes, n, p, scratch);
                    },
                    _ =>
                    {
                        for (var u = 0; u < userCount; u++) new Span<int>(users + offsets[u], offsets[u + 1] - offsets[u]).Fill(u);
                    },
                };
                for (var k = 0; k < _props.Length; k++)
                {
                    var index = k;
                    tasks.Add(scratch => properties[index] = _props[index].Freeze(n, p, scratch, allStagedValuesLoaded));
                }
                if (lines is not null && p is not null)
                {
                    tasks.Add(scratch =>
                    {
                        fixed (long* l = lines) ColumnStaging.Permute(l, n, p, scratch);
                    });
                }
                using var scratches = new ThreadLocal<GatherScratch>(() => new GatherScratch(), trackAllValues: true);
                try
                {
                    Parallel.ForEach(tasks, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, t => t(scratches.Value!));
                }
                finally
                {
                    foreach (var s in scratches.Values) s.Dispose();
                }
            }
            rowLines = lines is null ? [] : n == lines.Length ? lines : lines.AsSpan(0, n).ToArray();

            var userArray = new Int32Array(ColumnStaging.Wrap(_user.Bytes, (long)n * 4), ArrowBuffer.Empty, n, 0, 0);
            var timeArray = new TimestampArray(ArrowBuffers.MicrosUtc, ColumnStaging.Wrap(_time.Bytes, (long)n * 8), ArrowBuffer.Empty, n, 0, 0);
            var eventIndices = new Int16Array(ColumnStaging.Wrap(_event.Bytes, (long)n * 2), ArrowBuffer.Empty, n, 0, 0);
            var events = new DictionaryArray(new DictionaryType(Int16Type.Default, StringType.Default, false), eventIndices, ArrowBuffers.Strings(eventNames));
            var offsetBytes = ArrowBuffers.Allocate<int>(userCount + 1, out var offsetView);
            offsets.CopyTo(offsetView);
            var offsetArray = new Int32Array(ArrowBuffers.Wrap(offsetBytes), ArrowBuffer.Empty, userCount + 1, 0, 0);
            var props = _props.Select((e, k) => new PropertyColumn(e.PropertyName, e.Type, properties[k])).ToList();
            freezeTime = watch.Elapsed;
            return new EventTable(users: userArray, times: timeArray, events: events, offsets: offsetArray, userIds: userIds, properties: props,
                roles: _plan.Roles, source: _ctx.Path)
            {
                MinTime = n == 0 ? null : min,
                MaxTime = n == 0 ? null : max,
            };
        }

        /// <summary>
        /// The arrival index of every sorted row: a stable counting sort by dense user, then each user's run ordered by
        /// (time, arrival) unless it already is.
        /// </summary>
        private static int[] SortPermutation(int n, int* users, long* times, int[] offsets)
        {
            var userCount = offsets.Length - 1;
            var perm = GC.AllocateUninitializedArray<int>(Math.Max(n, 1), pinned: true);
            var cursor = offsets.AsSpan(0, userCount).ToArray();
            for (var i = 0; i < n; i++) perm[cursor[users[i]]++] = i;
            long[] keys = [];
            for (var u = 0; u < userCount; u++)
            {
                var start = offsets[u];
                var length = offsets[u + 1] - start;
                var run = perm.AsSpan(start, length);
                var sorted = true;
                for (var j = 1; j < length && sorted; j++) sorted = times[run[j - 1]] <= times[run[j]];
                if (sorted) continue;
                if (keys.Length < length) keys = new long[Math.Max(length, keys.Length * 2)];
                var k = keys.AsSpan(0, length);
                for (var j = 0; j < length; j++) k[j] = times[run[j]];
                k.Sort(run);
                // Equal times keep arrival order: arrival indices ascend within each tie.
                for (var j = 0; j < length;)
                {
                    var e = j + 1;
                    while (e < length && k[e] == k[j]) e++;
                    if (e - j > 1) run[j..e].Sort();
                    j = e;
                }
            }
            return perm;
        }
    }
}

/// <summary>Where a columnar load spent its time: reading (DuckDB's decoding waited for plus the encoders), of which waiting for
/// DuckDB's chunks; sorting; freezing (remapping and permuting the columns); and each encoder's share of the reading.</summary>
internal sealed record ColumnarPhases(TimeSpan Read, TimeSpan FetchWait, TimeSpan Sort, TimeSpan Freeze, IReadOnlyList<(string Encoder, TimeSpan Time)> Encode);
