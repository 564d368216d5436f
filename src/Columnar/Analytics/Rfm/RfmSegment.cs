namespace Columnar.Analytics.Rfm;

/// <summary>
/// One of the 8 classic RFM segments. They compare a purchaser's raw R, F and M with the means over all n purchasers, exactly:
/// recent iff n·R &lt; ΣR, high F iff n·F &gt; ΣF, high M iff n·M &gt; ΣM; a value equal to the mean is not recent, not high.
/// </summary>
/// <param name="Key">A stable key such as <c>important_value</c>.</param>
/// <param name="Chinese">The Chinese name, such as 重要价值.</param>
/// <param name="English">The English name, such as <c>important value</c>.</param>
/// <param name="Recent">R below the mean.</param>
/// <param name="HighFrequency">F above the mean.</param>
/// <param name="HighMonetary">M above the mean.</param>
public sealed record RfmSegment(string Key, string Chinese, string English, bool Recent, bool HighFrequency, bool HighMonetary)
{
    /// <summary>Recent, high F, high M: 重要价值.</summary>
    public static RfmSegment ImportantValue { get; } = new("important_value", "重要价值", "important value", true, true, true);
    /// <summary>Recent, low F, high M: 重要发展.</summary>
    public static RfmSegment ImportantDevelopment { get; } = new("important_development", "重要发展", "important development", true, false, true);
    /// <summary>Not recent, high F, high M: 重要保持.</summary>
    public static RfmSegment ImportantRetention { get; } = new("important_retention", "重要保持", "important retention", false, true, true);
    /// <summary>Not recent, low F, high M: 重要挽留.</summary>
    public static RfmSegment ImportantWinback { get; } = new("important_winback", "重要挽留", "important win-back", false, false, true);
    /// <summary>Recent, high F, low M: 一般价值.</summary>
    public static RfmSegment GeneralValue { get; } = new("general_value", "一般价值", "general value", true, true, false);
    /// <summary>Recent, low F, low M: 一般发展.</summary>
    public static RfmSegment GeneralDevelopment { get; } = new("general_development", "一般发展", "general development", true, false, false);
    /// <summary>Not recent, high F, low M: 一般保持.</summary>
    public static RfmSegment GeneralRetention { get; } = new("general_retention", "一般保持", "general retention", false, true, false);
    /// <summary>Not recent, low F, low M: 一般挽留.</summary>
    public static RfmSegment GeneralWinback { get; } = new("general_winback", "一般挽留", "general win-back", false, false, false);

    /// <summary>All 8 segments in the fixed order of the classic table.</summary>
    public static IReadOnlyList<RfmSegment> All { get; } =
    [
        ImportantValue, ImportantDevelopment, ImportantRetention, ImportantWinback,
        GeneralValue, GeneralDevelopment, GeneralRetention, GeneralWinback,
    ];

    /// <summary>The segment of a purchaser from the three comparisons with the means.</summary>
    public static RfmSegment Of(bool recent, bool highFrequency, bool highMonetary) =>
        All.Single(s => s.Recent == recent && s.HighFrequency == highFrequency && s.HighMonetary == highMonetary);

    /// <summary>The segment with key <paramref name="key"/>.</summary>
    /// <exception cref="ColumnarException">ANA0001 for an unknown key.</exception>
    public static RfmSegment FromKey(string key) => All.FirstOrDefault(s => s.Key == key)
        ?? throw new ColumnarException(ErrorCodes.BadOption, $"unknown RFM segment '{key}' (segments: {string.Join(", ", All.Select(s => s.Key))})");
}
