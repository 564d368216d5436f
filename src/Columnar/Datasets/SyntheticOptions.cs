namespace Columnar.Datasets;

/// <summary>
/// What <see cref="SyntheticDataset"/> generates. The same options always give the same data, byte for byte,
/// on every machine and .NET version.
/// </summary>
public sealed record SyntheticOptions
{
    /// <summary>The default <see cref="Seed"/>.</summary>
    public const long DefaultSeed = 20250101;

    /// <summary>The exact number of events to generate (at least 1). Default 1,000,000.</summary>
    public int Events { get; init; } = 1_000_000;

    /// <summary>The seed of every random draw. Default <see cref="DefaultSeed"/>.</summary>
    public long Seed { get; init; } = DefaultSeed;

    /// <summary>
    /// The first instant of the generated window, which must be a UTC midnight (<see cref="DateTimeKind.Utc"/>, or
    /// <see cref="DateTimeKind.Unspecified"/> read as UTC). Default 2025-01-01T00:00:00Z.
    /// </summary>
    public DateTime Start { get; init; } = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>The length of the window in days (1 to 3,650); every event falls in [<see cref="Start"/>, <see cref="Start"/> + Days). Default 90.</summary>
    public int Days { get; init; } = 90;

    /// <summary>The number of users: <see cref="Events"/> / 50, at least 1. Every user has at least one event.</summary>
    public int Users => Math.Max(1, Events / 50);

    /// <summary>The end of the window (exclusive), UTC.</summary>
    public DateTime End => DateTime.SpecifyKind(Start, DateTimeKind.Utc).AddDays(Days);

    /// <summary>Throws when an option is out of range.</summary>
    /// <exception cref="ColumnarException">Code <see cref="ErrorCodes.BadOption"/>: the option and the reason.</exception>
    public void Validate()
    {
        if (Events < 1)
            throw new ColumnarException(ErrorCodes.BadOption, $"SyntheticOptions.Events must be at least 1 (got {Events})");
        if (Days is < 1 or > 3650)
            throw new ColumnarException(ErrorCodes.BadOption, $"SyntheticOptions.Days must be between 1 and 3650 (got {Days})");
        if (Start.Kind == DateTimeKind.Local)
            throw new ColumnarException(ErrorCodes.BadOption, "SyntheticOptions.Start must be a UTC time, not a local one");
        if (Start.TimeOfDay != TimeSpan.Zero)
            throw new ColumnarException(ErrorCodes.BadOption, $"SyntheticOptions.Start must be a UTC midnight (got {Start:O})");
        if (Start < DateTime.UnixEpoch || Start.Year > 9000)
            throw new ColumnarException(ErrorCodes.BadOption, $"SyntheticOptions.Start must lie between 1970 and 9000 (got {Start:O})");
    }
}
