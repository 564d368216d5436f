using System.Text;

namespace Columnar.Tests.Ingest;

/// <summary>Paths to the shared datasets and throwaway temp files for the ingest tests.</summary>
internal static class IngestTestKit
{
    /// <summary>A file of the shared datasets (see <see cref="Columnar.Tests.TestKit.RawRows.DatasetPath"/>).</summary>
    public static string Dataset(string relative) => Columnar.Tests.TestKit.RawRows.DatasetPath(relative);

    /// <summary>A fresh temp directory, deleted when disposed.</summary>
    public static TempDir Temp() => new();

    public static DateTimeOffset Utc(long micros) => DateTimeOffset.UnixEpoch.AddTicks(micros * 10);

    public static long Micros(DateTimeOffset t) => (t.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
}

internal sealed class TempDir : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "columnar-ingest-" + Guid.NewGuid().ToString("N"));

    public TempDir() => Directory.CreateDirectory(Path);

    /// <summary>Writes <paramref name="text"/> verbatim (no newline translation) as UTF-8 and returns the full path.</summary>
    public string File(string name, string text)
    {
        var p = System.IO.Path.Combine(Path, name);
        System.IO.File.WriteAllBytes(p, Encoding.UTF8.GetBytes(text));
        return p;
    }

    public string PathOf(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}

/// <summary>A synchronous progress sink (Progress&lt;T&gt; would post to a thread pool).</summary>
internal sealed class ProgressLog<T> : IProgress<T>
{
    public List<T> Reports { get; } = [];
    public void Report(T value) => Reports.Add(value);
}
