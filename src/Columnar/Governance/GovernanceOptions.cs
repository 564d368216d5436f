namespace Columnar.Governance;

/// <summary>
/// What governance checks, flags and removes. Every part is optional; a null part is off, except that exact duplicates are always
/// counted (kept unless <see cref="Dedup"/> asks to remove them). See <see cref="QualityReport"/> for how rows are counted.
/// </summary>
public sealed record GovernanceOptions
{
    /// <summary>The tracking plan to validate against, or null.</summary>
    public TrackingPlan? Plan { get; init; }

    /// <summary>Remove rows that violate <see cref="Plan"/> (default false: flag and keep).</summary>
    public bool RejectPlanViolations { get; init; }

    /// <summary>Deduplication rules; null only counts exact duplicates and keeps them.</summary>
    public DedupOptions? Dedup { get; init; }

    /// <summary>Clock-skew correction and the plausible time range; null checks nothing (zone normalisation happens at load).</summary>
    public TimeHygieneOptions? Time { get; init; }

    /// <summary>Bot flags per user; null checks none.</summary>
    public BotOptions? Bots { get; init; }

    /// <summary>Volume-anomaly detection per event name; null skips it.</summary>
    public AnomalyOptions? Anomalies { get; init; }

    /// <summary>Identity stitching of the kept rows; null keeps the table's users.</summary>
    public IdentityOptions? Identity { get; init; }

    /// <summary>Example rows kept per problem reason (default 3).</summary>
    public int ExamplesPerReason { get; init; } = 3;

    /// <summary>Everything on with defaults except identity stitching and removal: the quality command's baseline.</summary>
    public static GovernanceOptions Defaults { get; } = new()
    {
        Time = new TimeHygieneOptions(),
        Bots = new BotOptions(),
        Anomalies = new AnomalyOptions(),
    };
}
