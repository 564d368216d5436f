using Columnar.Analytics.Funnels;
using Columnar.Analytics.Paths;
using Columnar.Analytics.Retention;
using Columnar.Analytics.Rfm;
using Columnar.Analytics.Sessions;
using Columnar.Query;

namespace Columnar.Storage;

public sealed partial class EventTable
{
    /// <summary>The IANA time zone the table was loaded with (the preset's or the effective --tz); the default for queries.</summary>
    public string TimeZone { get; internal set; } = "UTC";

    /// <summary>A query over all events, in <see cref="TimeZone"/>, on the default engine (<see cref="Engine.Kernels"/>).</summary>
    public EventQuery Query() => new(this, null, null, TimeZone, Engine.Kernels);

    /// <summary>A query over local dates <paramref name="from"/>..<paramref name="to"/>, both inclusive.</summary>
    public EventQuery Between(DateOnly? from, DateOnly? to) => Query().Between(from, to);

    /// <summary>Sessions over all events; see <see cref="EventQuery.Sessions"/>.</summary>
    public SessionsQuery Sessions() => Query().Sessions();

    /// <summary>"On" retention over all events; see <see cref="EventQuery.Retention"/>.</summary>
    public RetentionQuery Retention() => Query().Retention();

    /// <summary>RFM over all events with the table's roles; see <see cref="EventQuery.Rfm"/>.</summary>
    public RfmQuery Rfm() => Query().Rfm();

    /// <summary>An ordered funnel over all events; see <see cref="EventQuery.Funnel"/>.</summary>
    /// <param name="steps">The event names of the steps, in order.</param>
    public FunnelQuery Funnel(params string[] steps) => Query().Funnel(steps);

    /// <summary>The top 10 events after <paramref name="anchorEvent"/> over all events; see <see cref="EventQuery.Paths"/>.</summary>
    /// <param name="anchorEvent">The anchor event name.</param>
    public PathsQuery Paths(string anchorEvent) => Query().Paths(anchorEvent);
}
