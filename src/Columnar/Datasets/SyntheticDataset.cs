using System.Globalization;
using System.Text;
using Columnar.Storage;

namespace Columnar.Datasets;

/// <summary>
/// A seeded synthetic e-commerce event log: the embedded default dataset of <c>columnar report</c>, and a shared
/// fixture for tests and benchmarks. Users (<see cref="SyntheticOptions.Users"/>, ids 1..N) have Zipf-like activity,
/// a country and region with a daily rhythm in local time, and sessions of events seconds to minutes apart, hours
/// or days from each other. Inside sessions they go through the funnel page_view → view_item → add_to_cart → purchase
/// with drop-off, and also log in, search, add to the wishlist and remove from the cart.
/// Properties: <c>country</c> (ISO code, per user), <c>device</c> (mobile/desktop/tablet) and <c>channel</c>
/// (organic/paid/social/email/direct/referral) per session, and <c>revenue</c> (decimal, 2 places, purchases only).
/// The same options give the same events, byte for byte, on every machine and .NET version.
/// </summary>
public static class SyntheticDataset
{
    private const int ChunkEvents = 1 << 16;

    /// <summary>The roles of the generated events: view_item, add_to_cart, purchase, and the <c>revenue</c> amount.</summary>
    public static EventRoles Roles { get; } = new(View: "view_item", Cart: "add_to_cart", Purchase: "purchase", Amount: "revenue");

    /// <summary>The default funnel of the dataset: page_view → view_item → add_to_cart → purchase.</summary>
    public static IReadOnlyList<string> DefaultFunnel { get; } = ["page_view", "view_item", "add_to_cart", "purchase"];

    /// <summary>Every event name the generator can produce, in ordinal order.</summary>
    public static IReadOnlyList<string> EventNames { get; } = SyntheticWorld.EventNames.Order(StringComparer.Ordinal).ToArray();

    /// <summary>
    /// Generates the events as an <see cref="EventTable"/> with integer user ids 1..<see cref="SyntheticOptions.Users"/>
    /// and the properties <c>country</c>, <c>device</c>, <c>channel</c> (strings) and <c>revenue</c> (decimal).
    /// </summary>
    /// <param name="options">What to generate; null for the defaults (1,000,000 events over 90 days from 2025-01-01 UTC).</param>
    /// <exception cref="ColumnarException">Code <see cref="ErrorCodes.BadOption"/> when an option is out of range.</exception>
    public static EventTable Generate(SyntheticOptions? options = null) => Generate(options ?? new SyntheticOptions(), Environment.ProcessorCount);

    /// <summary>Generates with at most <paramref name="maxThreads"/> threads; the result does not depend on it.</summary>
    internal static EventTable Generate(SyntheticOptions options, int maxThreads)
    {
        var plan = SyntheticPlan.Create(options);
        var events = new SyntheticEvents(options.Events);
        var chunks = plan.Chunks(ChunkEvents);
        Parallel.For(0, chunks.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, maxThreads) },
            () => new SyntheticSimulator(plan),
            (c, _, simulator) =>
            {
                for (var u = chunks[c].First; u < chunks[c].End; u++) simulator.Simulate(u, events, plan.Offsets[u]);
                return simulator;
            },
            _ => { });

        var builder = new EventTableBuilder(Roles) { Source = Describe(options) };
        var country = builder.AddProperty("country", PropertyType.String);
        var device = builder.AddProperty("device", PropertyType.String);
        var channel = builder.AddProperty("channel", PropertyType.String);
        var revenue = builder.AddProperty("revenue", PropertyType.Decimal);
        builder.EnsureCapacity(options.Events);
        for (var u = 0; u < plan.Users; u++)
        {
            var id = SyntheticPlan.UserId(u);
            var countryCode = SyntheticWorld.Countries[plan.Country[u]].Code;
            for (var i = plan.Offsets[u]; i < plan.Offsets[u + 1]; i++)
            {
                var kind = events.Kinds[i];
                builder.Append(id, events.Times[i], SyntheticWorld.EventNames[kind]);
                builder.SetString(country, countryCode);
                builder.SetString(device, SyntheticWorld.Devices[events.Devices[i]]);
                builder.SetString(channel, SyntheticWorld.Channels[events.Channels[i]]);
                if (kind == SyntheticWorld.Purchase) builder.SetDecimal(revenue, Cents(events.RevenueCents[i]));
            }
        }
        return builder.Build();
    }

    /// <summary>
    /// Writes the user attributes of the same generation as CSV for attribute tags: header
    /// <c>user_id,gender,age_band,region</c>, one row per user in id order. Gender is female, male or unknown;
    /// age bands are 18-24, 25-34, 35-44, 45-54 and 55+; the region lies in the user's <c>country</c>.
    /// UTF-8 without BOM, <c>\n</c> line ends, no quoting needed.
    /// </summary>
    /// <param name="path">The file to create or overwrite.</param>
    /// <param name="options">The generation the users belong to; null for the defaults.</param>
    /// <exception cref="ColumnarException">Code <see cref="ErrorCodes.BadOption"/> when an option is out of range.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void WriteUsersCsv(string path, SyntheticOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var plan = SyntheticPlan.Create(options ?? new SyntheticOptions());
        using var writer = CreateWriter(path);
        writer.Write("user_id,gender,age_band,region\n");
        var line = new StringBuilder(64);
        for (var u = 0; u < plan.Users; u++)
        {
            line.Clear()
                .Append(SyntheticPlan.UserId(u).ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(SyntheticWorld.Genders[plan.Gender[u]]).Append(',')
                .Append(SyntheticWorld.AgeBands[plan.AgeBand[u]]).Append(',')
                .Append(SyntheticWorld.Countries[plan.Country[u]].Regions[plan.Region[u]].Name).Append('\n');
            writer.Write(line);
        }
    }

    /// <summary>
    /// Writes the generated events as a Parquet file with the columns of <see cref="WriteEventsCsv"/>, typed:
    /// <c>user_id</c> BIGINT, <c>time</c> TIMESTAMP (µs, UTC), <c>event_name</c>, <c>country</c>, <c>device</c>, <c>channel</c>
    /// VARCHAR and <c>revenue</c> DECIMAL(18,2), in (user, time) order. The <c>synthetic</c> preset loads it back into the table
    /// <see cref="Generate(SyntheticOptions?)"/> returns. The events stream through a temporary CSV file that DuckDB's
    /// Parquet writer converts with explicit column types, so memory stays bounded at any size.
    /// </summary>
    /// <param name="path">The file to create or overwrite.</param>
    /// <param name="options">What to generate; null for the defaults.</param>
    /// <exception cref="ColumnarException">Code <see cref="ErrorCodes.BadOption"/> when an option is out of range.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void WriteEventsParquet(string path, SyntheticOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var csv = Path.Combine(Path.GetTempPath(), $"columnar-synthetic-{Guid.NewGuid():N}.csv");
        try
        {
            WriteEventsCsv(csv, options);
            using var connection = new DuckDB.NET.Data.DuckDBConnection("DataSource=:memory:");
            connection.Open();
            using var cmd = connection.CreateCommand();
            cmd.CommandText = $$"""
                SET TimeZone = 'UTC';
                COPY (
                    SELECT user_id, CAST("time" AS TIMESTAMP) AS "time", event_name, country, device, channel, revenue
                    FROM read_csv({{Sql.SqlText.Literal(csv)}}, header = true, auto_detect = false,
                        columns = {'user_id': 'BIGINT', 'time': 'TIMESTAMPTZ', 'event_name': 'VARCHAR', 'country': 'VARCHAR',
                                   'device': 'VARCHAR', 'channel': 'VARCHAR', 'revenue': 'DECIMAL(18,2)'})
                ) TO {{Sql.SqlText.Literal(Path.GetFullPath(path))}} (FORMAT parquet);
                """;
            cmd.ExecuteNonQuery();
        }
        finally
        {
            File.Delete(csv);
        }
    }

    /// <summary>
    /// Streams the events of the same generation as CSV, header <c>user_id,time,event_name,country,device,channel,revenue</c>,
    /// rows ordered by user then time, <c>time</c> as ISO-8601 UTC <c>yyyy-MM-ddTHH:mm:ss.ffffffZ</c>, <c>revenue</c> with
    /// two decimals on purchases and empty otherwise. UTF-8 without BOM, <c>\n</c> line ends. The <c>synthetic</c> ingest
    /// preset loads it back into the table <see cref="Generate(SyntheticOptions?)"/> returns.
    /// Memory stays bounded: users are simulated and written a chunk at a time.
    /// </summary>
    /// <param name="path">The file to create or overwrite.</param>
    /// <param name="options">What to generate; null for the defaults.</param>
    /// <exception cref="ColumnarException">Code <see cref="ErrorCodes.BadOption"/> when an option is out of range.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void WriteEventsCsv(string path, SyntheticOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var plan = SyntheticPlan.Create(options ?? new SyntheticOptions());
        using var writer = CreateWriter(path);
        writer.Write("user_id,time,event_name,country,device,channel,revenue\n");
        var chunks = plan.Chunks(ChunkEvents);
        var simulator = new SyntheticSimulator(plan);
        var largest = chunks.Max(c => plan.Offsets[c.End] - plan.Offsets[c.First]);
        var events = new SyntheticEvents(largest);
        Span<char> line = stackalloc char[160];
        foreach (var (first, end) in chunks)
        {
            var origin = plan.Offsets[first];
            for (var u = first; u < end; u++) simulator.Simulate(u, events, plan.Offsets[u] - origin);
            for (var u = first; u < end; u++)
            {
                var id = SyntheticPlan.UserId(u);
                var countryCode = SyntheticWorld.Countries[plan.Country[u]].Code;
                for (var i = plan.Offsets[u] - origin; i < plan.Offsets[u + 1] - origin; i++)
                {
                    var n = 0;
                    id.TryFormat(line, out var w, default, CultureInfo.InvariantCulture);
                    n += w;
                    line[n++] = ',';
                    n += FormatTime(events.Times[i], line[n..]);
                    line[n++] = ',';
                    n += Put(line[n..], SyntheticWorld.EventNames[events.Kinds[i]]);
                    line[n++] = ',';
                    n += Put(line[n..], countryCode);
                    line[n++] = ',';
                    n += Put(line[n..], SyntheticWorld.Devices[events.Devices[i]]);
                    line[n++] = ',';
                    n += Put(line[n..], SyntheticWorld.Channels[events.Channels[i]]);
                    line[n++] = ',';
                    if (events.Kinds[i] == SyntheticWorld.Purchase) n += FormatCents(events.RevenueCents[i], line[n..]);
                    line[n++] = '\n';
                    writer.Write(line[..n]);
                }
            }
        }
    }

    private static string Describe(SyntheticOptions o) => string.Create(CultureInfo.InvariantCulture,
        $"synthetic (events={o.Events}, seed={o.Seed}, start={o.Start:yyyy-MM-dd}, days={o.Days})");

    private static decimal Cents(int cents) => new(cents, 0, 0, false, 2);

    private static StreamWriter CreateWriter(string path) =>
        new(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 1 << 16);

    private static int Put(Span<char> destination, string value)
    {
        value.CopyTo(destination);
        return value.Length;
    }

    /// <summary>Formats µs since the Unix epoch as <c>yyyy-MM-ddTHH:mm:ss.ffffffZ</c> (27 characters).</summary>
    internal static int FormatTime(long micros, Span<char> destination)
    {
        var time = DateTime.UnixEpoch.AddTicks(micros * 10);
        Digits(destination[..4], time.Year);
        destination[4] = '-';
        Digits(destination.Slice(5, 2), time.Month);
        destination[7] = '-';
        Digits(destination.Slice(8, 2), time.Day);
        destination[10] = 'T';
        Digits(destination.Slice(11, 2), time.Hour);
        destination[13] = ':';
        Digits(destination.Slice(14, 2), time.Minute);
        destination[16] = ':';
        Digits(destination.Slice(17, 2), time.Second);
        destination[19] = '.';
        Digits(destination.Slice(20, 6), (int)(micros % 1_000_000));
        destination[26] = 'Z';
        return 27;
    }

    private static int FormatCents(int cents, Span<char> destination)
    {
        // Whole units, then exactly two decimals: 499 -> "4.99", 5 -> "0.05".
        var units = cents / 100;
        units.TryFormat(destination, out var n, default, CultureInfo.InvariantCulture);
        destination[n++] = '.';
        Digits(destination.Slice(n, 2), cents % 100);
        return n + 2;
    }

    private static void Digits(Span<char> destination, int value)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (char)('0' + value % 10);
            value /= 10;
        }
    }
}
