namespace Columnar.Ingest;

/// <summary>Options of one load. Every member is optional; null means "take the preset's default".</summary>
public sealed record LoadOptions
{
    /// <summary>The default options.</summary>
    public static LoadOptions Default { get; } = new();

    /// <summary>Forces the file format instead of inferring it from the extension.</summary>
    public FileFormat? Format { get; init; }

    /// <summary>What to do with bad rows; null takes <see cref="Preset.OnError"/>.</summary>
    public OnError? OnError { get; init; }

    /// <summary>Where quarantined rows go; null means <c>./rejects/&lt;input file name&gt;.rejects.csv</c> under the current directory.
    /// The input file itself is refused (COL0018) before anything is read or written.</summary>
    public string? RejectsPath { get; init; }

    /// <summary>The effective IANA time zone (the CLI's <c>--tz</c>), overriding <see cref="Preset.TimeZone"/>. Zone-less text times are
    /// read in it unless the mapping names a <c>time-zone</c>.</summary>
    public string? TimeZone { get; init; }

    /// <summary>Mapping keys that override the preset's mapping key by key.</summary>
    public EventMapping? Mapping { get; init; }

    /// <summary>Receives progress a few times per second, and once at the end.</summary>
    public IProgress<LoadProgress>? Progress { get; init; }
}
