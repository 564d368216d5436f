using System.Diagnostics;
using Columnar.Ingest;

namespace Columnar.Cli;

/// <summary>
/// Progress on stderr for work that takes more than a second, only when stderr is a terminal, so pipes and
/// files never see it. The line is overwritten in place and cleared at the end.
/// </summary>
internal sealed class ProgressDisplay : IDisposable
{
    private readonly string _label;
    private readonly TextWriter _err;
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private readonly Timer? _timer;
    private readonly Lock _gate = new();
    private LoadProgress _last;
    private bool _shown;
    private bool _done;

    private ProgressDisplay(string label, TextWriter err, bool enabled)
    {
        _label = label;
        _err = err;
        if (enabled) _timer = new Timer(_ => Render(), null, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(250));
        Reporter = new Progress(this);
    }

    /// <summary>Starts a display on <see cref="CliIo.Err"/>, drawn only when <see cref="CliIo.Progress"/> is set.</summary>
    public static ProgressDisplay Start(string label, CliIo io) => new(label, io.Err, io.Progress);

    /// <summary>Receives load progress; rendering happens on the timer.</summary>
    public IProgress<LoadProgress> Reporter { get; }

    private void Render()
    {
        lock (_gate)
        {
            if (_done) return;
            var p = _last;
            var detail = p.TotalBytes > 0
                ? $" {100.0 * p.BytesRead / p.TotalBytes:0}% ({p.Rows:N0} rows)"
                : p.Rows > 0 ? $" {p.Rows:N0} rows" : "";
            _err.Write($"\r{_label}…{detail} {_watch.Elapsed.TotalSeconds:0}s   ");
            _shown = true;
        }
    }

    public void Dispose()
    {
        _timer?.Dispose();
        lock (_gate)
        {
            _done = true;
            if (_shown) _err.Write("\r" + new string(' ', Math.Min(Console.BufferWidth > 0 ? Console.BufferWidth - 1 : 79, 100)) + "\r");
        }
    }

    private sealed class Progress(ProgressDisplay owner) : IProgress<LoadProgress>
    {
        public void Report(LoadProgress value)
        {
            lock (owner._gate) owner._last = value;
        }
    }
}
