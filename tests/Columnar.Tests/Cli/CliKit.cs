using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Columnar.Cli;
using Json.Schema;

namespace Columnar.Tests.Cli;

/// <summary>What one in-process run of the CLI returned and wrote.</summary>
public sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>The number after <paramref name="label"/> in stderr, e.g. "read 84,476" → 84476 (group separators of any culture ignored).</summary>
    public long StderrCount(string label)
    {
        var m = Regex.Match(Stderr, Regex.Escape(label) + @" ([0-9][0-9,.\u00a0\u202f' ]*[0-9]|[0-9])");
        Assert.True(m.Success, $"'{label} N' not found in stderr:\n{Stderr}");
        return long.Parse(Regex.Replace(m.Groups[1].Value, "[^0-9]", ""), CultureInfo.InvariantCulture);
    }

    /// <summary>Stdout parsed as a JSON object.</summary>
    public JsonObject Json() => JsonNode.Parse(Stdout)!.AsObject();
}

/// <summary>Runs <c>columnar</c> in-process with captured streams, and finds the repository's files.</summary>
internal static class CliKit
{
    private static readonly Lazy<string> RootDir = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Columnar.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Columnar.sln not found above " + AppContext.BaseDirectory);
    });

    private static readonly Lazy<JsonSchema> SchemaValue = new(() =>
        JsonSchema.FromText(File.ReadAllText(SchemaPath), new BuildOptions { SchemaRegistry = new SchemaRegistry() }));

    public static string Root => RootDir.Value;

    public static string SchemaPath => Path.Combine(Root, "src", "Columnar.Cli", "Commands", "report.schema.json");

    public static string GoldenPath(string name) => Path.Combine(Root, "tests", "Columnar.Tests", "Cli", "golden", name);

    /// <summary>A file of the shared datasets (see <see cref="Columnar.Tests.TestKit.RawRows.DatasetPath"/>).</summary>
    public static string Dataset(string relative) => Columnar.Tests.TestKit.RawRows.DatasetPath(relative);

    public static string TaobaoTrimmed => Dataset("taobao_userbehavior_userslice/UserBehavior.trimmed.csv");

    public static string TaobaoTruncated => Dataset("taobao_userbehavior_userslice/UserBehavior.csv");

    public static JsonSchema Schema => SchemaValue.Value;

    public static CliRun Run(params string[] args)
    {
        var stdout = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        var stderr = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        var code = ColumnarCli.Run(args, stdout, stderr);
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs and asserts exit code 0, showing stderr when it is not.</summary>
    public static CliRun RunOk(params string[] args)
    {
        var run = Run(args);
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode} for '{string.Join(' ', args)}':\n{run.Stderr}");
        return run;
    }

    /// <summary>Validates <paramref name="json"/> against the report schema; returns the error messages (empty when valid).</summary>
    public static IReadOnlyList<string> SchemaErrors(string json)
    {
        using var doc = JsonDocument.Parse(json);
        if (Schema.Evaluate(doc.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.Flag }).IsValid) return [];
        var result = Schema.Evaluate(doc.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        var errors = (result.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"))
            .ToList();
        return errors.Count > 0 ? errors : ["invalid (no details)"];
    }

    public static void AssertValid(string json)
    {
        var errors = SchemaErrors(json);
        Assert.True(errors.Count == 0, "schema errors:\n" + string.Join("\n", errors.Take(20)));
    }

    /// <summary>A fresh temp directory, deleted when disposed.</summary>
    public static TempFolder Temp() => new();
}

internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "columnar-cli-" + Guid.NewGuid().ToString("N"));

    public TempFolder() => Directory.CreateDirectory(Path);

    public string Of(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
