using Columnar.Output;
using Columnar.Governance;

namespace Columnar.Cli.Commands;

/// <summary><c>columnar plan infer</c>: infers a starting tracking plan (JSON) from a dataset.</summary>
internal static class PlanCommand
{
    public static int Run(string[] argv, CliIo io)
    {
        var args = CliArgs.Parse(argv, new HashSet<string>([.. DatasetInput.ValueOptions, "max-values", "identity-events", "output"]), new HashSet<string>());
        if (args.Positional.Count != 1 || args.Positional[0] != "infer")
            throw new UsageException("plan expects the subcommand 'infer' (columnar plan infer --input FILE --preset NAME [--output plan.json])");
        // Options are checked before the (possibly long) load, which prints its own summary.
        var maxValues = args.Int("max-values", 0) ?? 20;
        var data = DatasetInput.Load(args, io, outputs: [new("--output", args.Value("output"))]);
        using var table = data.Table;
        var plan = TrackingPlan.Infer(table, maxValues,
            args.Value("identity-events")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var json = plan.ToJson();
        if (args.Value("output") is { } path)
        {
            OutputPaths.CreateFolder(path);
            OutputFile.WriteText(path, json);
            io.Err.WriteLine($"columnar: wrote a plan of {plan.Events.Count} events to {path}");
        }
        else io.Out.Write(json);
        return 0;
    }
}
