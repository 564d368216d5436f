using System.Data.Common;
using System.Globalization;
using Columnar.Cli.Commands;

namespace Columnar.Cli;

/// <summary>Where a command writes: the report or table on <see cref="Out"/>, counts, warnings, progress and errors on <see cref="Err"/>.</summary>
internal sealed record CliIo(TextWriter Out, TextWriter Err, bool Progress);

/// <summary>
/// The <c>columnar</c> command line as a method, so it can run in-process with captured streams. The executable calls it
/// with the console's streams.
/// </summary>
public static class ColumnarCli
{
    /// <summary>Exit code of a successful run.</summary>
    public const int Ok = 0;

    /// <summary>Exit code of a data or analysis error (a <see cref="ColumnarException"/>, an I/O error).</summary>
    public const int DataError = 1;

    /// <summary>Exit code of a usage error: an unknown command or option, a missing or malformed value.</summary>
    public const int UsageError = 2;

    /// <summary>
    /// Runs one command. Only the report or table goes to <paramref name="stdout"/>; the load line, warnings and error
    /// messages go to <paramref name="stderr"/>. Progress is drawn only when <paramref name="stderr"/> is the console's
    /// error stream and that is a terminal. Numbers are formatted with the invariant culture during the run.
    /// </summary>
    /// <param name="args">The command line without the program name, e.g. <c>["report", "--json"]</c>.</param>
    /// <param name="stdout">Receives the report or table.</param>
    /// <param name="stderr">Receives counts, warnings, progress and error messages.</param>
    /// <returns><see cref="Ok"/>, <see cref="DataError"/> or <see cref="UsageError"/>.</returns>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var io = new CliIo(stdout, stderr, ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected);
        // Output is the same on every machine: numbers use the invariant culture (1,234.5), whatever LANG says.
        var culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        try
        {
            if (args.Length == 0)
            {
                // A usage error: the usage goes to stderr so stdout stays empty.
                stderr.Write(Usage.Text);
                return UsageError;
            }
            if (args[0] is "-h" or "--help" or "help")
            {
                stdout.Write(Usage.Text);
                return Ok;
            }
            return args[0] switch
            {
                "report" => ReportCommand.Run(args, io),
                "info" => InfoCommand.Run(args, io),
                "quality" => QualityCommand.Run(args, io),
                "plan" => PlanCommand.Run(args, io),
                "sql" => SqlCommand.Run(args, io),
                "explain" => ExplainCommand.Run(args, io),
                "tags" => TagsCommand.Run(args, io),
                "segment" => SegmentCommand.Run(args, io),
                _ => throw new UsageException($"unknown command '{args[0]}'"),
            };
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"columnar: {e.Message}");
            stderr.WriteLine("run 'columnar --help' for usage");
            return UsageError;
        }
        catch (ColumnarException e)
        {
            stderr.WriteLine($"columnar: error {e.Message}");
            return DataError;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DbException)
        {
            stderr.WriteLine($"columnar: error {e.Message}");
            return DataError;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A safety net: an input no check foresaw must still end with a message and exit 1, not an unhandled exception
            // and its stack trace (exit 134). The type names the fault for a bug report.
            stderr.WriteLine($"columnar: internal error ({e.GetType().Name}): {e.Message}");
            stderr.WriteLine("columnar: this is a bug in columnar; please report the command and input that caused it");
            return DataError;
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }
}
