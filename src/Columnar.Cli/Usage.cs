namespace Columnar.Cli;

internal static class Usage
{
    public const string Text = """
        columnar — user-behaviour analytics over Arrow event tables

        Commands:
          report   sessions, funnel, retention and RFM in one report
          info     events, users, time span, events per name and bytes per event
          quality  data-quality report: rejects, duplicates, time range, plan violations, bots,
                   noise rate, top problems with example lines, volume anomalies
          plan infer   infer a starting tracking plan (JSON) from the input
          sql      "<query>": SQL over the table, read in place: events("user" INTEGER, "time" TIMESTAMP (UTC),
                   "event" VARCHAR, seq INTEGER, properties…) and users("user" INTEGER, user_id)
          explain  the plan and the SQL of each report section (takes report's analysis options)
          tags     user tags (default set or --tags FILE): coverage and value counts; snapshots and diffs
          segment  "<expr>": users of a segment of tags and behaviours, compared with everyone (share, TGI)

        Input (all commands):
          --input PATH          CSV/TSV/TXT, JSON Lines, Parquet or Arrow IPC; without it the embedded
                                synthetic dataset is generated (deterministic, seeded)
          --input-format F      csv | tsv | whitespace | jsonl | parquet | arrow (default: from the extension)
          --preset NAME         synthetic | taobao | rees46 | cdnow | uci-retail | uci-retail-raw
          --map KEY=VALUE       override the preset's mapping key by key (repeatable; ';' separates pairs):
                                user, time, time-format, time-zone, event, props, amount, order,
                                view, cart, fav, purchase
          --events N            synthetic dataset size (default 1,000,000)
          --seed N              synthetic dataset seed
          --on-error MODE       fail (default) | quarantine
          --rejects PATH        quarantined rows (default ./rejects/<input name>.rejects.csv); needs quarantine
          --tz ZONE             IANA time zone for local dates and periods (default: the preset's)
          --from DATE --to DATE local dates yyyy-MM-dd, both inclusive; filter every analysis
          --engine NAME         kernels (default: SIMD, multi-core) | duckdb (the SQL oracle)

        report options:
          --funnel a,b,c        funnel steps (default: the preset's)
          --window DUR          funnel conversion window, e.g. 1d, 24h, 365d (default: the preset's)
          --timeout DUR         session timeout (default 30m)
          --period P            retention period: day | week | month (default: the preset's)
          --periods N           retention columns including period 0 (default 14 days, 8 weeks, 12 months)
          --format F            table (default) | csv | json | arrow | parquet
          --json                short for --format json
          --output FILE         write to FILE (required for arrow and parquet: one file per section,
                                FILE's name with .<section> before the extension; a missing folder is created)

        quality options (each row counted once: Rejected > Duplicate > TimeOutOfRange > PlanViolation > Bot):
          --plan FILE           validate against a tracking plan (JSON; see 'plan infer')
          --reject-plan-violations   remove violating rows (default: flag and keep)
          --dedup RULES         remove duplicates by rules exact,event-id,near (none: count only);
                                without it exact duplicates are counted and kept
          --event-id COL        the event-id column for --dedup event-id
          --near DUR            near-duplicate window (default 1s)
          --time-start DATE --time-end DATE   plausible local dates, both inclusive
          --future DUR|off      tolerance past the load time (default 5m)
          --sent-at COL --received-at COL     clock-skew correction: time += received-at − sent-at
          --exclude-time        remove out-of-range rows
          --max-per-minute N    bot: events in any 60 s (default 120)
          --max-session-events N   bot: events in one 30-min session (default 1000)
          --user-agent COL      bot: user-agent column matched against crawler patterns
          --exclude-bots --no-bots
          --identity-user COL | --identity-anon COL   identity stitching (user column = the other id)
          --identity-events a,b --identity-rule first|split
          --anomaly-bucket hour|day  --anomaly-threshold Z (default 3.5) --no-anomalies
          --json                the report as JSON (the API's QualityReport.ToJson)
          --output FILE         write the report to FILE

        plan infer options:
          --max-values N        largest allowed-value set (default 20)
          --identity-events a,b mark identity events
          --output FILE         write the plan to FILE (default stdout)

        sql options:
          --format F            table (default) | csv | json | arrow | parquet (arrow and parquet need --output)
          --output FILE         write the result to FILE
          --max-rows N          rows shown by --format table (default 100)
          --param NAME=VALUE    bind $NAME (repeatable); canonical whole numbers (7, -12) bind as BIGINT, the rest
                                as VARCHAR (007, +7: cast in SQL, e.g. $d::DATE). Several statements separated by ;
                                run in order; --format table shows each result, the other formats take one statement.
                                json makes repeated column names unique (x, x_1); parquet refuses them
          --                    ends the options: later arguments are positional, so SQL may open with a -- comment

        explain options: --funnel --window --timeout --period --periods --breakdown as for report, and
          --event a,b           keep only these events (repeatable)

        tags options:
          --tags FILE           JSON tag file (rule, levels, interest, attributes, rfm, lifecycle, funnel)
          --as-of TIME          ISO date-time; default: the last event. "within D" means (as-of − D, as-of]
          --save FILE           save a snapshot (keyed by original user id, with its as-of)
          --diff FILE           who entered and left each tag value since that snapshot
          --profile ID          list one user's tags
          --json                JSON output

        segment "<expr>" options (plus --tags, --as-of):
          --export FILE         write the user ids: .csv (default), .parquet or .arrow
          --json                JSON output
          expr: atoms tag=value, tag, did(E, min=N, max=N, mindays=N, maxdays=N, within=30d,
                from=DATE, to=DATE, PROP=VALUE, then=E2, gap=1h, thennot=E2), didnot(...), all;
                & and - (and-not) bind tighter than |, left to right; parentheses group

        Output files (--output, --rejects, --save, --export) never overwrite the input; missing folders are created.

        Exit codes: 0 ok, 1 data or analysis error, 2 usage error.

        """;
}
