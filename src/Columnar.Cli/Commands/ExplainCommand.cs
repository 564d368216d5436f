using System.Text;
using Columnar.Analytics;
using Columnar.Analytics.Sessions;

namespace Columnar.Cli.Commands;

/// <summary><c>columnar explain</c>: the plan and the SQL of each report section, with the same options as <c>report</c>; nothing runs.</summary>
internal static class ExplainCommand
{
    private static readonly string[] Options = ["funnel", "window", "timeout", "period", "periods", "breakdown", "event"];

    public static int Run(string[] argv, CliIo io)
    {
        var args = CliArgs.Parse(argv, new HashSet<string>(DatasetInput.ValueOptions.Concat(Options)), new HashSet<string>());
        if (args.Positional.Count > 0) throw new UsageException($"unexpected argument '{args.Positional[0]}'");
        var period = args.Period();
        var steps = args.Steps("funnel");
        var events = args.Values("event").SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries)).ToArray();

        var data = DatasetInput.Load(args, io);
        using var table = data.Table;
        var q = data.Query;
        if (events.Length > 0) q = q.Where(Query.EventFilter.EventIn(events));

        var funnelSteps = steps ?? data.Preset.FunnelSteps.ToArray();
        if (funnelSteps.Length == 0) throw new UsageException("the preset has no default funnel: pass --funnel a,b,c");
        var funnel = q.Funnel(funnelSteps).Within(args.Duration("window") ?? data.Preset.FunnelWindow);
        if (args.Value("breakdown") is { } by) funnel = funnel.BreakdownBy(by);
        var retention = q.Retention().By(period ?? data.Preset.RetentionPeriod);
        if (args.Int("periods", 1) is { } n) retention = retention.Periods(n);

        var sb = new StringBuilder();
        Section(sb, "1. Sessions", q.Sessions().Timeout(args.Duration("timeout") ?? SessionsDefinition.Default.Timeout).Explain());
        Section(sb, "2. Funnel", funnel.Explain());
        Section(sb, "3. Retention", retention.Explain());
        Section(sb, "4. RFM", q.Rfm().Explain());
        io.Out.Write(sb.ToString());
        return 0;
    }

    private static void Section(StringBuilder sb, string title, string body)
    {
        sb.AppendLine(title);
        sb.AppendLine(new string('-', title.Length));
        sb.AppendLine(body.TrimEnd());
        sb.AppendLine();
    }
}
