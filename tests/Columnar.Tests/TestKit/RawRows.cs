using System.Globalization;

namespace Columnar.Tests.TestKit;

/// <summary>One row of a public dataset, parsed by <see cref="RawRows"/> without any of Columnar's ingest code.</summary>
/// <param name="Line">The 1-based line number in the file: the arrival order.</param>
/// <param name="User">The user id in canonical integer spelling (every preset used here has integer ids, so <c>00001</c> is <c>1</c>).</param>
/// <param name="Utc">The event time, UTC.</param>
/// <param name="Event">The event name.</param>
/// <param name="Props">The property columns the preset maps, as the file's text.</param>
/// <param name="Amount">The amount column as an exact decimal, or null when the dataset has none.</param>
/// <param name="Order">The order id as text, or null when the dataset has none.</param>
public sealed record RawRow(int Line, string User, DateTime Utc, string Event, IReadOnlyDictionary<string, string> Props,
    decimal? Amount = null, string? Order = null)
{
    /// <summary>Microseconds since the Unix epoch.</summary>
    public long Micros => (Utc - DateTime.UnixEpoch).Ticks / 10;
}

/// <summary>
/// Deliberately simple parsers for the four public datasets in <c>../shared/datasets</c>: <see cref="File.ReadLines(string)"/>,
/// <see cref="string.Split(char[])"/>, invariant-culture parsing and <see cref="TimeZoneInfo"/> for local dates. They mirror the
/// semantic choices of the presets (which column is the user, the time, the event, the amount and the order) but share no code
/// with the loader, so they can serve as an independent oracle.
/// </summary>
public static class RawRows
{
    public const string TaobaoFile = "taobao_userbehavior_userslice/UserBehavior.trimmed.csv";
    public const string Rees46File = "rees46_multicategory/2019-Oct.trimmed.csv";
    public const string CdnowFile = "cdnow/CDNOW_master.txt";
    public const string UciFile = "uci_online_retail/online_retail.csv";

    /// <summary>The environment variable that points the tests at the shared datasets when the clone is not beside them.</summary>
    public const string DatasetsVariable = "COLUMNAR_DATASETS";

    private static readonly Lazy<string> DatasetsRoot = new(() =>
    {
        if (Environment.GetEnvironmentVariable(DatasetsVariable) is { Length: > 0 } given) return Path.GetFullPath(given);
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Columnar.sln"))) dir = dir.Parent;
        if (dir is null) throw new InvalidOperationException("Columnar.sln not found above " + AppContext.BaseDirectory);
        return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "datasets"));
    });

    /// <summary>
    /// The absolute path of a file of the shared datasets: <c>$COLUMNAR_DATASETS/relative</c> when that variable is set, else
    /// <c>../shared/datasets/relative</c> beside the directory holding Columnar.sln (the tests only read them, never copy them).
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The datasets folder is missing: the message says how to point at it.</exception>
    public static string DatasetPath(string relative)
    {
        var root = DatasetsRoot.Value;
        if (!Directory.Exists(root))
            throw new DirectoryNotFoundException(
                $"the shared datasets are not at {root}: clone the repository beside ../shared, or set {DatasetsVariable} to the datasets folder");
        return Path.Combine(root, relative);
    }

    private static string CanonicalId(string text) => long.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);

    private static DateTime Utc(string text, string format) =>
        DateTime.ParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static decimal Money(string text) => decimal.Parse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);

    /// <summary>Taobao user slice: no header, <c>user_id,item_id,category_id,behavior_type,timestamp</c> (unix seconds). No amount, no order.</summary>
    public static List<RawRow> Taobao() => File.ReadLines(DatasetPath(TaobaoFile))
        .Select((line, i) =>
        {
            var f = line.Split(',');
            if (f.Length != 5) throw new FormatException($"line {i + 1}: {f.Length} fields");
            var props = new Dictionary<string, string> { ["item_id"] = f[1], ["category_id"] = f[2] };
            return new RawRow(i + 1, CanonicalId(f[0]), DateTime.UnixEpoch.AddSeconds(long.Parse(f[4], CultureInfo.InvariantCulture)), f[3], props);
        })
        .ToList();

    /// <summary>REES46: header, <c>event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session</c>;
    /// the time is <c>yyyy-MM-dd HH:mm:ss UTC</c>; every row's price is its amount. No order.</summary>
    public static List<RawRow> Rees46() => File.ReadLines(DatasetPath(Rees46File))
        .Select((line, i) => (line, i))
        .Skip(1)
        .Select(x =>
        {
            var f = x.line.Split(',');
            if (f.Length != 9) throw new FormatException($"line {x.i + 1}: {f.Length} fields");
            if (!f[0].EndsWith(" UTC", StringComparison.Ordinal)) throw new FormatException($"line {x.i + 1}: time {f[0]}");
            var props = new Dictionary<string, string>
            {
                ["product_id"] = f[2], ["category_id"] = f[3], ["category_code"] = f[4], ["brand"] = f[5], ["user_session"] = f[8],
            };
            return new RawRow(x.i + 1, CanonicalId(f[7]), Utc(f[0][..^4], "yyyy-MM-dd HH:mm:ss"), f[1], props, Money(f[6]));
        })
        .ToList();

    /// <summary>CDNOW: whitespace-separated <c>customer_id date(yyyyMMdd) n_cds dollars</c>, no header; the date is a calendar date
    /// read in UTC (midnight UTC); every row is a <c>purchase</c> whose amount is the dollars. No order.</summary>
    public static List<RawRow> Cdnow() => File.ReadLines(DatasetPath(CdnowFile))
        .Select((line, i) =>
        {
            var f = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (f.Length != 4) throw new FormatException($"line {i + 1}: {f.Length} fields");
            var props = new Dictionary<string, string> { ["n_cds"] = f[2] };
            return new RawRow(i + 1, CanonicalId(f[0]), Utc(f[1], "yyyyMMdd"), "purchase", props, Money(f[3]));
        })
        .ToList();

    /// <summary>UCI Online Retail, invoice level: header <c>InvoiceNo,InvoiceDate,CustomerID,TotalPrice</c>; the date is
    /// <c>yyyy-MM-dd</c> read in UTC; every row is a <c>purchase</c>, the amount is TotalPrice (exact) and the order is InvoiceNo.</summary>
    public static List<RawRow> UciRetail() => File.ReadLines(DatasetPath(UciFile))
        .Select((line, i) => (line, i))
        .Skip(1)
        .Select(x =>
        {
            var f = x.line.Split(',');
            if (f.Length != 4) throw new FormatException($"line {x.i + 1}: {f.Length} fields");
            return new RawRow(x.i + 1, CanonicalId(f[2]), Utc(f[1], "yyyy-MM-dd"), "purchase", new Dictionary<string, string>(), Money(f[3]), f[0]);
        })
        .ToList();

    /// <summary>The local calendar date of a UTC time in an IANA zone.</summary>
    public static DateOnly LocalDate(DateTime utc, string zoneId)
    {
        var zone = zoneId == "UTC" ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(utc, zone));
    }

    /// <summary>The rows whose local date in <paramref name="zoneId"/> is in <paramref name="from"/>..<paramref name="to"/> (inclusive).</summary>
    public static List<RawRow> Between(IEnumerable<RawRow> rows, string zoneId, DateOnly from, DateOnly to) =>
        rows.Where(r => LocalDate(r.Utc, zoneId) is var d && d >= from && d <= to).ToList();

    /// <summary>Input for <see cref="FunnelReference"/>: file order, the breakdown property's text, the order id as a number.</summary>
    public static List<RawEvent> ForFunnel(IEnumerable<RawRow> rows, string? breakdown = null) => rows
        .OrderBy(r => r.Line)
        .Select(r => new RawEvent(r.User, r.Micros, r.Event,
            breakdown is null ? null : r.Props.GetValueOrDefault(breakdown) is { Length: > 0 } v ? v : null,
            r.Order is null ? null : long.Parse(r.Order, NumberStyles.None, CultureInfo.InvariantCulture)))
        .ToList();

    /// <summary>Input for <see cref="RetentionReference"/>.</summary>
    public static List<RetentionReference.Event> ForRetention(IEnumerable<RawRow> rows) =>
        rows.Select(r => new RetentionReference.Event(r.User, r.Utc, r.Event)).ToList();

    /// <summary>Input for <see cref="RfmReference"/>.</summary>
    public static List<RfmReference.Event> ForRfm(IEnumerable<RawRow> rows) =>
        rows.Select(r => new RfmReference.Event(r.User, r.Utc, r.Event, r.Amount, r.Order)).ToList();

    /// <summary>Input for <see cref="SessionsReference"/>.</summary>
    public static List<SessionsReference.Event> ForSessions(IEnumerable<RawRow> rows) =>
        rows.Select(r => new SessionsReference.Event(r.User, r.Micros, r.Line)).ToList();
}
