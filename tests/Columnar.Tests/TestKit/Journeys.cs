using Columnar.Storage;

namespace Columnar.Tests.TestKit;

/// <summary>Builds small hand-written event tables: one line per event, in any order.</summary>
public sealed class Journeys
{
    private readonly List<(string User, DateTime Time, string Event, Dictionary<string, object?> Props)> _events = [];
    private readonly Dictionary<string, Columnar.Storage.PropertyType> _props = [];
    private EventRoles _roles = EventRoles.None;
    private string _zone = "UTC";

    public static readonly DateTime T0 = new(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc);

    public Journeys Prop(string name, Columnar.Storage.PropertyType type) { _props[name] = type; return this; }
    public Journeys Roles(EventRoles roles) { _roles = roles; return this; }
    public Journeys Zone(string zone) { _zone = zone; return this; }

    public Journeys Add(string user, DateTime time, string ev, params (string Name, object? Value)[] props)
    {
        _events.Add((user, time, ev, props.ToDictionary(p => p.Name, p => p.Value)));
        return this;
    }

    /// <summary>Adds an event <paramref name="seconds"/> after <see cref="T0"/>.</summary>
    public Journeys At(string user, double seconds, string ev, params (string Name, object? Value)[] props)
        => Add(user, T0.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond)), ev, props);

    public EventTable Build()
    {
        var b = new EventTableBuilder(_roles);
        var index = _props.ToDictionary(kv => kv.Key, kv => b.AddProperty(kv.Key, kv.Value));
        foreach (var e in _events)
        {
            b.Append(e.User, Columnar.Time.TimeZones.ToMicros(e.Time), e.Event);
            foreach (var (name, value) in e.Props)
            {
                if (value is null) continue;
                var i = index[name];
                switch (value)
                {
                    case string s: b.SetString(i, s); break;
                    case long l: b.SetInt64(i, l); break;
                    case int n: b.SetInt64(i, n); break;
                    case double d: b.SetDouble(i, d); break;
                    case bool x: b.SetBool(i, x); break;
                    case decimal m: b.SetDecimal(i, m); break;
                    default: throw new ArgumentException($"unsupported value {value}");
                }
            }
        }
        var table = b.Build();
        table.TimeZone = _zone;
        return table;
    }
}
