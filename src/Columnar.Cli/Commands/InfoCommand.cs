using System.Globalization;
using Columnar.Time;

namespace Columnar.Cli.Commands;

/// <summary><c>columnar info</c>: events, users, the time span, events per name and the bytes per event of the core columns.</summary>
internal static class InfoCommand
{
    public static int Run(string[] argv, CliIo io)
    {
        var args = CliArgs.Parse(argv, new HashSet<string>(DatasetInput.ValueOptions), new HashSet<string>());
        if (args.Positional.Count > 0) throw new UsageException($"unexpected argument '{args.Positional[0]}'");
        var data = DatasetInput.Load(args, io);
        using var table = data.Table;
        var o = io.Out;
        o.WriteLine($"source        {table.Source}");
        o.WriteLine($"events        {table.EventCount:N0}");
        o.WriteLine($"users         {table.UserCount:N0} ({(table.HasIntegerUserIds ? "integer" : "text")} ids)");
        if (table.MinTime is { } min && table.MaxTime is { } max)
        {
            var zone = TimeZones.Find(data.Query.TimeZone);
            o.WriteLine($"time span     {Iso(min)} .. {Iso(max)} UTC");
            o.WriteLine($"local dates   {TimeZones.LocalDate(min, zone):yyyy-MM-dd} .. {TimeZones.LocalDate(max, zone):yyyy-MM-dd} ({data.Query.TimeZone})");
        }
        o.WriteLine($"core bytes    {table.CoreBytes:N0} = {table.CoreBytesPerEvent:0.00} bytes/event (user, time, event, offsets, user-id dictionary)");
        o.WriteLine($"  per-user    {table.PerUserBytesPerEvent:0.00} bytes/event of that are per-user structures ({table.EventCount / Math.Max(1.0, table.UserCount):0.0} events/user)");
        o.WriteLine($"all bytes     {table.TotalBytes:N0} with {table.Properties.Count} property columns");
        o.WriteLine();
        var counts = new long[table.EventNames.Count];
        foreach (var c in table.EventCodes) counts[c]++;
        var t = new Columnar.Analytics.TextTable("event", "events", "share").Right(1, 2);
        foreach (var (name, i) in table.EventNames.Select((n, i) => (n, i)).OrderByDescending(x => counts[x.i]).ThenBy(x => x.n, StringComparer.Ordinal))
            t.Add(name, counts[i].ToString("N0", CultureInfo.InvariantCulture), (100.0 * counts[i] / Math.Max(1, table.EventCount)).ToString("0.0", CultureInfo.InvariantCulture) + "%");
        o.Write(t);
        if (table.Properties.Count > 0)
        {
            o.WriteLine();
            var p = new Columnar.Analytics.TextTable("property", "type", "nulls").Right(2);
            foreach (var prop in table.Properties) p.Add(prop.Name, prop.Type.ToString().ToLowerInvariant(), prop.Data.NullCount.ToString("N0", CultureInfo.InvariantCulture));
            o.Write(p);
        }
        return 0;
    }

    private static string Iso(long micros) => TimeZones.ToDateTime(micros).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
}
