using Columnar.Analytics;
using Columnar.Storage;

namespace Columnar.Ingest;

/// <summary>
/// Everything needed to load and analyse one kind of file: its shape (header, delimiter, column names), the column mapping,
/// typed columns, event roles, and the analysis defaults (funnel steps and window, time zone, retention period, error mode).
/// Use a built-in preset (<see cref="Get"/>) and adjust it with <see cref="With"/> or a <c>with</c> expression.
/// </summary>
public sealed record Preset
{
    /// <summary>The preset name, such as <c>taobao</c>.</summary>
    public required string Name { get; init; }

    /// <summary>One line saying which files the preset is for.</summary>
    public required string Description { get; init; }

    /// <summary>How <c>.csv</c> and <c>.txt</c> files are split: <see cref="FileFormat.Csv"/>, <see cref="FileFormat.Tsv"/> or
    /// <see cref="FileFormat.Whitespace"/>. <c>.tsv</c> files are always tab-separated.</summary>
    public FileFormat TextFormat { get; init; } = FileFormat.Csv;

    /// <summary>True when text files start with a header line naming the columns.</summary>
    public bool HasHeader { get; init; } = true;

    /// <summary>The column names of headerless text files; null names them <c>column1..columnN</c>.</summary>
    public IReadOnlyList<string>? Columns { get; init; }

    /// <summary>The column mapping.</summary>
    public required EventMapping Mapping { get; init; }

    /// <summary>Property types by column name, used when the mapping's <c>props</c> gives no type. Other columns load as strings.</summary>
    public IReadOnlyDictionary<string, PropertyType> ColumnTypes { get; init; } = new Dictionary<string, PropertyType>();

    /// <summary>True when user ids are integers (loaded as int64; <c>00001</c> is 1 and <c>12923.0</c> is 12923); false keeps them as text.</summary>
    public bool IntegerUserIds { get; init; }

    /// <summary>The event roles and amount/order columns, from <see cref="Mapping"/>.</summary>
    public EventRoles Roles => Mapping.ToRoles();

    /// <summary>The default funnel steps (event names, in order; a name may repeat).</summary>
    public IReadOnlyList<string> FunnelSteps { get; init; } = [];

    /// <summary>The default funnel conversion window, measured from the first step and inclusive.</summary>
    public TimeSpan FunnelWindow { get; init; } = TimeSpan.FromDays(1);

    /// <summary>The default IANA time zone of calendar bucketing and of zone-less text times.</summary>
    public string TimeZone { get; init; } = "UTC";

    /// <summary>The default retention period.</summary>
    public CalendarPeriod RetentionPeriod { get; init; } = CalendarPeriod.Day;

    /// <summary>What a load does with bad rows unless <see cref="LoadOptions.OnError"/> says otherwise.</summary>
    public OnError OnError { get; init; } = OnError.Fail;

    /// <summary>Columns computed from other columns of the same row; they follow the file's columns.</summary>
    internal IReadOnlyList<DerivedColumn> Derived { get; init; } = [];

    /// <summary>This preset with its mapping overridden key by key.</summary>
    public Preset With(EventMapping overrides) => this with { Mapping = Mapping.OverriddenBy(overrides) };

    /// <summary>
    /// Output of the synthetic generator: header <c>user_id,time,event_name,country,device,channel,revenue</c>, integer user ids,
    /// ISO 8601 UTC times (<c>yyyy-MM-ddTHH:mm:ss.ffffffZ</c>) or native timestamps (Parquet, Arrow), revenue on purchases only.
    /// </summary>
    public static Preset Synthetic { get; } = new()
    {
        Name = "synthetic",
        Description = "the seeded synthetic generator's output (CSV with header, or Parquet/Arrow)",
        Columns = ["user_id", "time", "event_name", "country", "device", "channel", "revenue"],
        Mapping = new EventMapping
        {
            User = "user_id", Time = "time", TimeFormat = "iso", Event = "event_name", Props = "country,device,channel", Amount = "revenue",
            View = "view_item", Cart = "add_to_cart", Purchase = "purchase",
        },
        IntegerUserIds = true,
        FunnelSteps = ["page_view", "view_item", "add_to_cart", "purchase"],
    };

    /// <summary>
    /// No preset: a delimited file with a header (or JSON Lines, Parquet, Arrow IPC) whose user, time and event columns
    /// must all be given by a mapping; no roles, no default funnel, UTC, daily retention.
    /// </summary>
    public static Preset Custom { get; } = new()
    {
        Name = "custom",
        Description = "any file; map user, time and event with --map",
        Mapping = new EventMapping(),
    };

    /// <summary>Alibaba Taobao UserBehavior: no header, <c>user_id,item_id,category_id,behavior_type,timestamp</c> (unix seconds).</summary>
    public static Preset Taobao { get; } = new()
    {
        Name = "taobao",
        Description = "Taobao UserBehavior.csv: user_id,item_id,category_id,behavior_type,timestamp (no header, unix seconds)",
        HasHeader = false,
        Columns = ["user_id", "item_id", "category_id", "behavior_type", "timestamp"],
        Mapping = new EventMapping
        {
            User = "user_id", Time = "timestamp", TimeFormat = "epoch-s", Event = "behavior_type", Props = "item_id,category_id",
            View = "pv", Cart = "cart", Fav = "fav", Purchase = "buy",
        },
        ColumnTypes = new Dictionary<string, PropertyType> { ["item_id"] = PropertyType.Int64, ["category_id"] = PropertyType.Int64 },
        IntegerUserIds = true,
        FunnelSteps = ["pv", "cart", "buy"],
        TimeZone = "Asia/Shanghai",
    };

    /// <summary>REES46 multi-category store: header, <c>event_time</c> as <c>yyyy-MM-dd HH:mm:ss UTC</c>; price is the amount.</summary>
    public static Preset Rees46 { get; } = new()
    {
        Name = "rees46",
        Description = "REES46 2019-Oct.csv: event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session",
        Mapping = new EventMapping
        {
            User = "user_id", Time = "event_time", TimeFormat = "yyyy-MM-dd HH:mm:ss 'UTC'", TimeZone = "UTC", Event = "event_type",
            Props = "product_id,category_id,category_code,brand,user_session", Amount = "price",
            View = "view", Cart = "cart", Purchase = "purchase",
        },
        ColumnTypes = new Dictionary<string, PropertyType> { ["product_id"] = PropertyType.Int64, ["category_id"] = PropertyType.Int64 },
        IntegerUserIds = true,
        FunnelSteps = ["view", "cart", "purchase"],
    };

    /// <summary>CDNOW purchase log: whitespace-separated <c>customer_id date(yyyyMMdd) n_cds dollars</c>, no header; every row is a purchase.</summary>
    public static Preset Cdnow { get; } = new()
    {
        Name = "cdnow",
        Description = "CDNOW_master.txt: customer_id yyyymmdd n_cds dollars (whitespace-separated, no header)",
        TextFormat = FileFormat.Whitespace,
        HasHeader = false,
        Columns = ["customer_id", "date", "n_cds", "dollars"],
        Mapping = new EventMapping
        {
            User = "customer_id", Time = "date", TimeFormat = "yyyyMMdd", Event = "=purchase", Props = "n_cds", Amount = "dollars", Purchase = "purchase",
        },
        ColumnTypes = new Dictionary<string, PropertyType> { ["n_cds"] = PropertyType.Int64 },
        IntegerUserIds = true,
        FunnelSteps = ["purchase", "purchase", "purchase"],
        FunnelWindow = TimeSpan.FromDays(365),
        RetentionPeriod = CalendarPeriod.Month,
    };

    /// <summary>UCI Online Retail, invoice level: <c>InvoiceNo,InvoiceDate(yyyy-MM-dd),CustomerID,TotalPrice</c>; every row is a purchase.</summary>
    public static Preset UciRetail { get; } = new()
    {
        Name = "uci-retail",
        Description = "UCI online_retail.csv: InvoiceNo,InvoiceDate (yyyy-MM-dd),CustomerID,TotalPrice",
        Mapping = new EventMapping
        {
            User = "CustomerID", Time = "InvoiceDate", TimeFormat = "yyyy-MM-dd", Event = "=purchase", Amount = "TotalPrice", Order = "InvoiceNo",
            Purchase = "purchase",
        },
        IntegerUserIds = true,
        FunnelSteps = ["purchase", "purchase", "purchase"],
        FunnelWindow = TimeSpan.FromDays(365),
        RetentionPeriod = CalendarPeriod.Month,
    };

    /// <summary>
    /// UCI Online Retail raw line items. Derived columns: <c>event_kind</c> (<c>cancel</c> for invoices starting with 'C', else
    /// <c>purchase</c>) and <c>amount</c> = Quantity × UnitPrice (exact decimal). Rows without a CustomerID are quarantined by default.
    /// </summary>
    public static Preset UciRetailRaw { get; } = new()
    {
        Name = "uci-retail-raw",
        Description = "UCI OnlineRetail.csv line items: InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country",
        Mapping = new EventMapping
        {
            User = "CustomerID", Time = "InvoiceDate", TimeFormat = "yyyy-MM-dd HH:mm:ss", Event = "event_kind",
            Props = "StockCode,Description,Quantity,UnitPrice,Country", Amount = "amount", Order = "InvoiceNo", Purchase = "purchase",
        },
        ColumnTypes = new Dictionary<string, PropertyType> { ["Quantity"] = PropertyType.Int64, ["UnitPrice"] = PropertyType.Decimal },
        IntegerUserIds = true,
        FunnelSteps = ["purchase", "purchase", "purchase"],
        FunnelWindow = TimeSpan.FromDays(365),
        RetentionPeriod = CalendarPeriod.Month,
        OnError = OnError.Quarantine,
        Derived = [DerivedColumn.InvoiceKind("InvoiceNo", "event_kind"), DerivedColumn.Product("Quantity", "UnitPrice", "amount")],
    };

    /// <summary>Every built-in preset.</summary>
    public static IReadOnlyList<Preset> All { get; } = [Synthetic, Taobao, Rees46, Cdnow, UciRetail, UciRetailRaw];

    /// <summary>The built-in preset called <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="ColumnarException">COL0010 for an unknown name; the message lists the valid ones.</exception>
    public static Preset Get(string name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new ColumnarException(ErrorCodes.BadMapping, $"unknown preset '{name}' (valid: {string.Join(", ", All.Select(p => p.Name))})");
}
