using System.Globalization;
using Columnar.Datasets;
using Xunit;

namespace Columnar.Tests.Datasets;

public class SyntheticCsvTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("columnar-synthetic-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void UsersCsvHasOneParsableRowPerUserConsistentWithTheEvents()
    {
        var options = new SyntheticOptions { Events = 100_000 };
        var path = Path.Combine(_dir, "users.csv");
        SyntheticDataset.WriteUsersCsv(path, options);
        using var table = SyntheticDataset.Generate(options);

        var lines = File.ReadAllLines(path);
        Assert.Equal("user_id,gender,age_band,region", lines[0]);
        Assert.Equal(table.UserCount, lines.Length - 1);
        var country = table.Property("country")!;
        var countriesOfRegion = new Dictionary<string, HashSet<string>>();
        var genders = new Dictionary<string, int>();
        for (var u = 0; u < table.UserCount; u++)
        {
            var fields = lines[u + 1].Split(',');
            Assert.Equal(4, fields.Length);
            Assert.Equal(table.GetUserId(u), long.Parse(fields[0], CultureInfo.InvariantCulture));
            Assert.Contains(fields[1], new[] { "female", "male", "unknown" });
            Assert.Contains(fields[2], new[] { "18-24", "25-34", "35-44", "45-54", "55+" });
            Assert.False(string.IsNullOrWhiteSpace(fields[3]));
            genders[fields[1]] = genders.GetValueOrDefault(fields[1]) + 1;
            var userCountry = country.GetString(table.Offsets[u])!;
            if (!countriesOfRegion.TryGetValue(fields[3], out var set)) countriesOfRegion[fields[3]] = set = [];
            set.Add(userCountry);
        }
        // A region always lies in one country, and most countries have several regions.
        Assert.All(countriesOfRegion, kv => Assert.Single(kv.Value));
        Assert.True(countriesOfRegion.Count > 2 * countriesOfRegion.Values.Select(s => s.Single()).Distinct().Count());
        Assert.True(genders["unknown"] < genders["male"] && genders["unknown"] < genders["female"]);
    }

    [Fact]
    public void UsersCsvIsDeterministic()
    {
        var options = new SyntheticOptions { Events = 30_000, Seed = 3 };
        var a = Path.Combine(_dir, "a.csv");
        var b = Path.Combine(_dir, "b.csv");
        SyntheticDataset.WriteUsersCsv(a, options);
        SyntheticDataset.WriteUsersCsv(b, options);
        Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
    }

    [Fact]
    public void EventsCsvHoldsTheGeneratedTableRowForRow()
    {
        // 100,000 events make two chunks of users (about 65,536 events each), so a chunk seam is covered.
        var options = new SyntheticOptions { Events = 100_000, Seed = 11 };
        var path = Path.Combine(_dir, "events.csv");
        SyntheticDataset.WriteEventsCsv(path, options);
        using var table = SyntheticDataset.Generate(options);

        var bytes = File.ReadAllBytes(path);
        Assert.NotEqual(0xEF, bytes[0]); // no byte-order mark
        Assert.DoesNotContain((byte)'\r', bytes);
        var lines = File.ReadAllLines(path);
        Assert.Equal("user_id,time,event_name,country,device,channel,revenue", lines[0]);
        Assert.Equal(table.EventCount, lines.Length - 1);
        // The expected lines, formatted independently with the BCL from the table's columns.
        var users = table.UserIndex;
        var country = table.Property("country")!;
        var device = table.Property("device")!;
        var channel = table.Property("channel")!;
        var revenue = table.Property("revenue")!;
        var expected = new string[table.EventCount];
        for (var i = 0; i < table.EventCount; i++)
        {
            var time = DateTime.UnixEpoch.AddTicks(table.Times[i] * 10).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
            var amount = revenue.IsNull(i) ? "" : ((decimal)revenue.GetValue(i)!).ToString("0.00", CultureInfo.InvariantCulture);
            expected[i] = string.Join(',', table.GetUserIdText(users[i]), time, table.EventNames[table.EventCodes[i]],
                country.GetString(i), device.GetString(i), channel.GetString(i), amount);
        }
        Assert.Equal(expected, lines.Skip(1));
        Assert.Contains(lines, l => l.Contains(",purchase,", StringComparison.Ordinal) && !l.EndsWith(',') && l.Contains('.'));
    }

    [Fact]
    public void TimeFormatIsIsoUtcWithMicroseconds()
    {
        Span<char> buffer = stackalloc char[32];
        var n = SyntheticDataset.FormatTime(0, buffer);
        Assert.Equal("1970-01-01T00:00:00.000000Z", buffer[..n].ToString());
        // 2025-03-31T23:59:59.000007Z = 1,743,465,599 s after the epoch, plus 7 µs.
        n = SyntheticDataset.FormatTime(1_743_465_599_000_007, buffer);
        Assert.Equal("2025-03-31T23:59:59.000007Z", buffer[..n].ToString());
    }
}
