using Columnar.Storage;

namespace Columnar.Governance;

/// <summary>The bucket of volume-anomaly detection: local clock hours or local calendar days in the table's time zone.</summary>
public enum AnomalyBucket
{
    /// <summary>Local clock hours.</summary>
    Hour,
    /// <summary>Local calendar days.</summary>
    Day,
}

/// <summary>
/// Volume anomalies per event name: each event's count per bucket over the table's whole bucket range (empty buckets count 0) is
/// scored with the robust z-score 0.6745·(x − median)/MAD (Iglewicz–Hoaglin). When MAD is 0 the mean absolute deviation stands in
/// (z = (x − median)/(1.2533·meanAD)); when that is 0 too, the series is constant and has no anomaly. Removed rows and rows outside
/// the plausible time range are left out, so a few stray timestamps do not stretch the series with empty buckets.
/// </summary>
public sealed record AnomalyOptions
{
    /// <summary>The bucket (default day).</summary>
    public AnomalyBucket Bucket { get; init; } = AnomalyBucket.Day;

    /// <summary>|z| above this is an anomaly (default 3.5).</summary>
    public double Threshold { get; init; } = 3.5;

    /// <summary>Series shorter than this many buckets are not scored (default 5).</summary>
    public int MinBuckets { get; init; } = 5;
}

/// <summary>One anomalous bucket of one event name.</summary>
/// <param name="Event">The event name.</param>
/// <param name="BucketStart">The local start of the bucket, with its UTC offset.</param>
/// <param name="Count">Events of that name in the bucket.</param>
/// <param name="Median">The median bucket count of that event.</param>
/// <param name="Mad">The median absolute deviation of the bucket counts.</param>
/// <param name="Score">The robust z-score; positive for spikes, negative for drops.</param>
public sealed record VolumeAnomaly(string Event, DateTimeOffset BucketStart, long Count, double Median, double Mad, double Score);

internal static class VolumeAnomalies
{
    /// <summary>Anomalies over the rows where <paramref name="include"/> is true (all rows when null).</summary>
    public static IReadOnlyList<VolumeAnomaly> Find(EventTable table, AnomalyOptions options, bool[]? include = null)
    {
        if (!(options.Threshold > 0) || options.MinBuckets < 3)
            throw new ColumnarException(ErrorCodes.BadGovernanceOption, "anomaly threshold must be positive and min buckets ≥ 3");
        if (table.EventCount == 0) return [];
        var zone = Time.TimeZones.Find(table.TimeZone);
        var times = table.Times;
        var codes = table.EventCodes;
        var step = options.Bucket == AnomalyBucket.Hour ? TimeSpan.TicksPerHour : TimeSpan.TicksPerDay;
        // Bucket key: local wall-clock ticks floored to the bucket.
        var keys = new long[times.Length];
        long first = long.MaxValue, last = long.MinValue;
        for (var r = 0; r < times.Length; r++)
        {
            if (include is not null && !include[r]) { keys[r] = -1; continue; }
            var local = TimeZoneInfo.ConvertTimeFromUtc(Time.TimeZones.ToDateTime(times[r]), zone);
            var k = local.Ticks / step;
            keys[r] = k;
            if (k < first) first = k;
            if (k > last) last = k;
        }
        var width = first > last ? 0 : checked((int)(last - first + 1));
        if (first > last || width < options.MinBuckets) return [];
        var counts = new long[table.EventNames.Count, width];
        for (var r = 0; r < times.Length; r++) if (keys[r] >= 0) counts[codes[r], keys[r] - first]++;
        var result = new List<VolumeAnomaly>();
        var series = new double[width];
        var dev = new double[width];
        for (var e = 0; e < table.EventNames.Count; e++)
        {
            for (var b = 0; b < width; b++) series[b] = counts[e, b];
            var median = Median(series);
            for (var b = 0; b < width; b++) dev[b] = Math.Abs(series[b] - median);
            var mad = Median(dev);
            double scale;
            if (mad > 0) scale = mad / 0.6745;
            else
            {
                var meanAd = dev.Average();
                if (meanAd == 0) continue;
                scale = 1.253314 * meanAd;
            }
            for (var b = 0; b < width; b++)
            {
                var z = (series[b] - median) / scale;
                if (Math.Abs(z) <= options.Threshold) continue;
                var local = new DateTime((first + b) * step, DateTimeKind.Unspecified);
                result.Add(new VolumeAnomaly(table.EventNames[e], new DateTimeOffset(local, zone.GetUtcOffset(local)), counts[e, b], median, mad, z));
            }
        }
        return result;
    }

    private static double Median(double[] values)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        var n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
