using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Apache.Arrow;
using Columnar.Output;
using Columnar.Sql;

namespace Columnar.Cli.Commands;

/// <summary><c>columnar sql "&lt;query&gt;"</c>: runs SQL over the loaded table (views <c>events</c> and <c>users</c>), without copying it.</summary>
internal static class SqlCommand
{
    private static readonly string[] Options = ["format", "output", "max-rows", "param"];

    public static int Run(string[] argv, CliIo io)
    {
        var args = CliArgs.Parse(argv, new HashSet<string>(DatasetInput.ValueOptions.Concat(Options)), new HashSet<string>());
        if (args.Positional.Count != 1) throw new UsageException("sql expects one query argument, e.g. columnar sql \"select event, count(*) from events group by all\"");
        var sql = args.Positional[0];
        if (string.IsNullOrWhiteSpace(sql) || SqlScan.Of(sql).Statements.Count == 0)
            throw new UsageException("sql expects a query, got an empty one with no statement (only blanks, ';' or comments), e.g. columnar sql \"select count(*) from events\"");
        var format = args.Value("format") ?? "table";
        if (format is not ("table" or "csv" or "json" or "arrow" or "parquet"))
            throw new UsageException($"--format expects table, csv, json, arrow or parquet, got '{format}'");
        var output = args.Value("output");
        if (format is "arrow" or "parquet" && output is null) throw new UsageException($"--format {format} needs --output FILE");
        var maxRows = args.Int("max-rows", 1) ?? 100;
        var parameters = Parameters(args.Values("param"));
        if (format != "table" && SqlScan.Of(sql).Statements.Count > 1)
            throw new UsageException($"--format {format} writes one result, but the query holds several statements; give one statement, or use --format table to see every result");

        var data = DatasetInput.Load(args, io, outputs: [new("--output", output)]);
        using var table = data.Table;
        using var result = table.Sql(sql, parameters);
        if (format is "table" or "csv" or "json") result.HugeIntAsText();
        if (output is not null) OutputPaths.CreateFolder(output);
        if (format == "table")
        {
            // Every statement runs in order on one connection and each result is shown as it comes (on the console), so the
            // results before a failing statement stay visible; the failure then ends the run with rc 1.
            var sb = new StringBuilder();
            var text = result.ToTable(maxRows);
            while (true)
            {
                if (output is null) io.Out.Write(text);
                else sb.Append(text);
                if (!result.NextResult()) break;
                text = "\n" + result.ToTable(maxRows);
            }
            return output is null ? 0 : Emit(sb.ToString(), output, io);
        }
        switch (format)
        {
            case "arrow":
                io.Err.WriteLine($"columnar: wrote {result.WriteArrow(output!):N0} rows to {output}");
                return 0;
            case "parquet":
                io.Err.WriteLine($"columnar: wrote {result.WriteParquet(output!):N0} rows to {output}");
                return 0;
        }
        return Emit(format == "csv" ? Csv(result) : Json(result), output, io);
    }

    /// <summary><c>--param name=value</c>: canonical whole numbers (<c>7</c>, <c>-12</c>, not <c>007</c>, <c>+7</c> or <c>-0</c>) within
    /// BIGINT bind as BIGINT, anything else as VARCHAR (cast in SQL, e.g. <c>$d::DATE</c>), so a code like 007 keeps its zeros.</summary>
    private static Dictionary<string, object?>? Parameters(IReadOnlyList<string> specs)
    {
        if (specs.Count == 0) return null;
        var parameters = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var spec in specs)
        {
            var eq = spec.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? "" : spec[..eq].TrimStart('$');
            if (name.Length == 0) throw new UsageException($"--param expects name=value, e.g. --param ev=buy, got '{spec}'");
            var text = spec[(eq + 1)..];
            if (!parameters.TryAdd(name, CanonicalInteger(text) is { } n ? n : text))
                throw new UsageException($"--param {name} is given twice");
        }
        return parameters;
    }

    /// <summary>The integer whose invariant text is exactly <paramref name="text"/>, or null.</summary>
    internal static long? CanonicalInteger(string text) =>
        long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var n)
        && n.ToString(System.Globalization.CultureInfo.InvariantCulture) == text ? n : null;

    private static int Emit(string text, string? output, CliIo io)
    {
        if (output is null) io.Out.Write(text);
        else
        {
            OutputFile.WriteText(output, text);
            io.Err.WriteLine($"columnar: wrote the result to {output}");
        }
        return 0;
    }

    private static string Csv(SqlResult result)
    {
        var sw = new StringWriter(System.Globalization.CultureInfo.InvariantCulture) { NewLine = "\n" };
        var first = true;
        while (result.ReadNext() is { } batch)
        {
            var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture) { NewLine = "\n" };
            ResultFiles.WriteCsv(batch, text);
            var s = text.ToString();
            sw.Write(first ? s : s[(s.IndexOf('\n') + 1)..]);
            first = false;
        }
        if (first) ResultFiles.WriteCsv(result.ToRecordBatch(), sw);
        return sw.ToString();
    }

    /// <summary>An array of row objects; numbers and booleans typed, nulls null, times ISO-8601 UTC, decimals and HUGEINTs exact as
    /// numbers, lists and arrays as JSON arrays, structs and maps as JSON objects. A column name the result repeats gets a suffix
    /// (<c>x</c>, <c>x_1</c>, …, skipping names already taken) so every key of a row object is unique.</summary>
    private static string Json(SqlResult result)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartArray();
            result.NestedAsJson();
            var keys = UniqueKeys(result.Schema.FieldsList.Select(f => f.Name).ToList());
            while (result.ReadNext() is { } batch)
            {
                var json = batch.Schema.FieldsList.Select(f => f.HasMetadata && f.Metadata.ContainsKey(SqlResult.JsonKey)).ToArray();
                var number = batch.Schema.FieldsList.Select(f => f.HasMetadata && f.Metadata.ContainsKey(SqlResult.NumberKey)).ToArray();
                for (var r = 0; r < batch.Length; r++)
                {
                    w.WriteStartObject();
                    for (var c = 0; c < batch.ColumnCount; c++)
                    {
                        w.WritePropertyName(keys[c]);
                        var array = batch.Column(c);
                        if (array.IsNull(r)) w.WriteNullValue();
                        else if (json[c] || number[c]) w.WriteRawValue(((StringArray)array).GetString(r));
                        else if (array is BooleanArray b) w.WriteBooleanValue(b.GetValue(r)!.Value);
                        else if (array is Int8Array or Int16Array or Int32Array or Int64Array or UInt8Array or UInt16Array or UInt32Array or UInt64Array
                                 or FloatArray or DoubleArray or Decimal128Array)
                        {
                            var v = ResultFiles.FormatValue(array, r);
                            if (v is "NaN" or "Infinity" or "-Infinity") w.WriteStringValue(v);
                            else w.WriteRawValue(v);
                        }
                        else w.WriteStringValue(ResultFiles.FormatValue(array, r));
                    }
                    w.WriteEndObject();
                }
            }
            w.WriteEndArray();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>The names with each repeat suffixed <c>_1</c>, <c>_2</c>, … (skipping any name the result already has).</summary>
    internal static string[] UniqueKeys(IReadOnlyList<string> names)
    {
        var taken = new HashSet<string>(names, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var keys = new string[names.Count];
        for (var c = 0; c < names.Count; c++)
        {
            var key = names[c];
            if (!seen.Add(key))
            {
                var k = 1;
                while (taken.Contains($"{names[c]}_{k}")) k++;
                key = $"{names[c]}_{k}";
                taken.Add(key);
                seen.Add(key);
            }
            keys[c] = key;
        }
        return keys;
    }
}
