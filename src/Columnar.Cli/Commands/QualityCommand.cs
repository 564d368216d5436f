using Columnar.Output;
using System.Globalization;
using Columnar.Governance;
using Columnar.Ingest;
using Columnar.Time;

namespace Columnar.Cli.Commands;

/// <summary>
/// <c>columnar quality</c>: loads a file with governance and prints the quality report (text, or the API's JSON with --json).
/// Without --input it governs the synthetic dataset in memory.
/// </summary>
internal static class QualityCommand
{
    private static readonly string[] Options =
    [
        "plan", "dedup", "event-id", "near", "time-start", "time-end", "future", "sent-at", "received-at", "max-per-minute", "max-session-events",
        "user-agent", "identity-user", "identity-anon", "identity-events", "identity-rule", "anomaly-bucket", "anomaly-threshold", "output",
    ];

    private static readonly string[] Flags = ["json", "reject-plan-violations", "exclude-time", "exclude-bots", "no-bots", "no-anomalies"];

    public static int Run(string[] argv, CliIo io)
    {
        var args = CliArgs.Parse(argv, new HashSet<string>([.. DatasetInput.ValueOptions, .. Options]), new HashSet<string>(Flags));
        if (args.Positional.Count > 0) throw new UsageException($"unexpected argument '{args.Positional[0]}'");
        if (args.Date("time-start") is { } first && args.Date("time-end") is { } last && first > last)
            throw new UsageException($"--time-start {first:yyyy-MM-dd} is after --time-end {last:yyyy-MM-dd}");
        var input = args.Value("input");
        var preset = DatasetInput.ResolvePreset(args, input);
        var zoneId = args.Value("tz") ?? preset.TimeZone;
        var zone = TimeZones.Find(zoneId);
        OutputPaths.CheckDistinct([new("--input", input), new("--plan", args.Value("plan"))], [new("--rejects", args.Value("rejects")), new("--output", args.Value("output"))]);
        var options = Options_(args, zone);

        GovernedTable governed;
        if (input is null)
        {
            var data = DatasetInput.Load(args, io);
            governed = DataGovernance.Apply(data.Table, options);
        }
        else
        {
            if (args.Value("events") is not null || args.Value("seed") is not null)
                throw new UsageException("--events and --seed apply to the synthetic dataset only (no --input)");
            var onError = args.Value("on-error") switch
            {
                null or "quarantine" => OnError.Quarantine,
                "fail" => OnError.Fail,
                var other => throw new UsageException($"--on-error expects fail or quarantine, got '{other}'"),
            };
            if (onError == OnError.Fail && args.Value("rejects") is not null)
                throw new UsageException("--rejects needs --on-error quarantine (with --on-error fail nothing is written there)");
            using var progress = ProgressDisplay.Start($"loading {Path.GetFileName(input)}", io);
            governed = DataGovernance.Load(input, preset, new LoadOptions
            {
                OnError = onError,
                RejectsPath = args.Value("rejects"),
                TimeZone = args.Value("tz"),
                Progress = progress.Reporter,
            }, options);
        }
        using (governed)
        {
            var text = args.Flag("json") ? governed.Report.ToJson() : governed.Report.ToString();
            if (args.Value("output") is { } path)
            {
                OutputPaths.CreateFolder(path);
                OutputFile.WriteText(path, text);
            }
            else io.Out.Write(text);
        }
        return 0;
    }

    private static GovernanceOptions Options_(CliArgs args, TimeZoneInfo zone)
    {
        TrackingPlan? plan = args.Value("plan") is { } planPath ? TrackingPlan.Load(planPath) : null;

        DedupOptions? dedup = null;
        var rules = args.Value("dedup");
        if (rules is not null || args.Value("event-id") is not null || args.Value("near") is not null)
        {
            var set = (rules ?? "exact").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            foreach (var r in set)
                if (r is not ("exact" or "event-id" or "near" or "none")) throw new UsageException($"--dedup expects exact, event-id, near or none, got '{r}'");
            var near = args.Duration("near");
            if (set.Contains("near") && near is null) near = TimeSpan.FromSeconds(1);
            if (set.Contains("event-id") && args.Value("event-id") is null) throw new UsageException("--dedup event-id needs --event-id COLUMN");
            dedup = new DedupOptions
            {
                Exact = set.Contains("exact") || rules is null,
                EventIdProperty = args.Value("event-id"),
                NearWindow = near,
                Remove = !set.Contains("none"),
            };
        }

        var time = new TimeHygieneOptions
        {
            Start = args.Date("time-start") is { } s ? Instant(TimeZones.StartOfLocalDate(s, zone)) : null,
            End = args.Date("time-end") is { } e ? Instant(TimeZones.EndOfLocalDate(e, zone)) : null,
            FutureTolerance = args.Value("future") switch { null => TimeSpan.FromMinutes(5), "off" => null, _ => args.Duration("future") },
            SentAtProperty = args.Value("sent-at"),
            ReceivedAtProperty = args.Value("received-at"),
            Exclude = args.Flag("exclude-time"),
        };

        BotOptions? bots = null;
        if (!args.Flag("no-bots"))
        {
            bots = new BotOptions
            {
                MaxEventsPerMinute = args.Int("max-per-minute", 1) ?? new BotOptions().MaxEventsPerMinute,
                MaxSessionEvents = args.Int("max-session-events", 2) ?? new BotOptions().MaxSessionEvents,
                UserAgentProperty = args.Value("user-agent"),
                Exclude = args.Flag("exclude-bots"),
            };
        }

        AnomalyOptions? anomalies = null;
        if (!args.Flag("no-anomalies"))
        {
            anomalies = new AnomalyOptions
            {
                Bucket = args.Value("anomaly-bucket") switch
                {
                    null or "day" => AnomalyBucket.Day,
                    "hour" => AnomalyBucket.Hour,
                    var other => throw new UsageException($"--anomaly-bucket expects hour or day, got '{other}'"),
                },
                Threshold = args.Value("anomaly-threshold") is { } th
                    ? double.TryParse(th, NumberStyles.Float, CultureInfo.InvariantCulture, out var z) && z > 0 ? z : throw new UsageException($"--anomaly-threshold expects a positive number, got '{th}'")
                    : 3.5,
            };
        }

        IdentityOptions? identity = null;
        if (args.Value("identity-user") is not null || args.Value("identity-anon") is not null)
        {
            identity = new IdentityOptions
            {
                UserIdProperty = args.Value("identity-user"),
                AnonymousIdProperty = args.Value("identity-anon"),
                IdentifyEvents = args.Value("identity-events")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                Conflict = args.Value("identity-rule") switch
                {
                    null or "first" => IdentityConflictRule.FirstLinkWins,
                    "split" => IdentityConflictRule.Split,
                    var other => throw new UsageException($"--identity-rule expects first or split, got '{other}'"),
                },
            };
        }

        return new GovernanceOptions
        {
            Plan = plan,
            RejectPlanViolations = args.Flag("reject-plan-violations"),
            Dedup = dedup,
            Time = time,
            Bots = bots,
            Anomalies = anomalies,
            Identity = identity,
        };
    }

    private static DateTimeOffset Instant(long micros) => DateTimeOffset.UnixEpoch.AddTicks(micros * 10);
}
