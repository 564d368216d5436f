using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Columnar.Analytics.Funnels;

namespace Columnar.Cli.Commands;

/// <summary>
/// The report as JSON with the sections dataset, load, sessions, funnel, retention and rfm. Numbers are typed,
/// fractions lie in [0,1], empty cells are null and times are ISO-8601 UTC. The shape is pinned by
/// <c>report.schema.json</c> beside this file (checked by a test).
/// </summary>
internal static class ReportJson
{
    public static string Write(Report r)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            Dataset(w, r);
            Load(w, r.Data.Load);
            Sessions(w, r);
            Funnel(w, r.Funnel);
            Retention(w, r);
            Rfm(w, r);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void Dataset(Utf8JsonWriter w, Report r)
    {
        var t = r.Data.Table;
        w.WriteStartObject("dataset");
        w.WriteString("source", t.Source);
        w.WriteString("preset", r.Data.Preset.Name);
        w.WriteString("time_zone", r.Data.Query.TimeZone);
        Date(w, "from", r.Data.Query.From);
        Date(w, "to", r.Data.Query.To);
        w.WriteNumber("events", t.EventCount);
        w.WriteNumber("users", t.UserCount);
        Time(w, "first_event", t.MinTime);
        Time(w, "last_event", t.MaxTime);
        w.WriteNumber("core_bytes", t.CoreBytes);
        w.WriteNumber("bytes_per_event", Math.Round(t.CoreBytesPerEvent, 4));
        var counts = new long[t.EventNames.Count];
        foreach (var c in t.EventCodes) counts[c]++;
        w.WriteStartArray("event_counts");
        foreach (var i in Enumerable.Range(0, counts.Length).OrderByDescending(i => counts[i]).ThenBy(i => t.EventNames[i], StringComparer.Ordinal))
        {
            w.WriteStartObject();
            w.WriteString("event", t.EventNames[i]);
            w.WriteNumber("events", counts[i]);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Load(Utf8JsonWriter w, LoadSummary l)
    {
        w.WriteStartObject("load");
        w.WriteString("format", l.Format);
        w.WriteNumber("rows_read", l.RowsRead);
        w.WriteNumber("rows_loaded", l.RowsLoaded);
        w.WriteNumber("rows_rejected", l.RowsRejected);
        w.WriteStartObject("rejects_by_code");
        foreach (var (code, n) in l.RejectsByCode.OrderBy(kv => kv.Key, StringComparer.Ordinal)) w.WriteNumber(code, n);
        w.WriteEndObject();
        if (l.RejectsPath is null) w.WriteNull("rejects_path");
        else w.WriteString("rejects_path", l.RejectsPath);
        w.WriteNumber("duplicate_rows", l.DuplicateRows);
        w.WriteNumber("duplicate_groups", l.DuplicateGroups);
        w.WriteStartArray("warnings");
        foreach (var s in l.Warnings) w.WriteStringValue(s);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Sessions(Utf8JsonWriter w, Report r)
    {
        var s = r.Sessions;
        w.WriteStartObject("sessions");
        w.WriteNumber("timeout_seconds", s.Definition.Timeout.TotalSeconds);
        w.WriteNumber("sessions", s.Sessions);
        w.WriteNumber("users", s.Users);
        w.WriteNumber("events", s.Events);
        Number(w, "sessions_per_user", s.SessionsPerUser);
        Number(w, "events_per_session", s.MeanEventsPerSession);
        Number(w, "mean_duration_seconds", s.MeanDurationSeconds);
        Number(w, "median_duration_seconds", s.MedianDurationSeconds);
        w.WriteNumber("bounces", s.Bounces);
        Number(w, "bounce_rate", s.BounceRate);
        w.WriteStartArray("histogram");
        foreach (var b in s.Histogram)
        {
            w.WriteStartObject();
            w.WriteString("bucket", b.Label);
            w.WriteNumber("min_seconds", b.MinSeconds);
            Number(w, "max_seconds", b.MaxSeconds);
            w.WriteNumber("sessions", b.Sessions);
            Number(w, "share", b.Share);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Funnel(Utf8JsonWriter w, FunnelResult f)
    {
        w.WriteStartObject("funnel");
        w.WriteStartArray("step_events");
        foreach (var s in f.Definition.Steps) w.WriteStringValue(s);
        w.WriteEndArray();
        w.WriteNumber("window_seconds", f.Definition.Window.TotalSeconds);
        if (f.Definition.BreakdownBy is null) w.WriteNull("breakdown_by");
        else w.WriteString("breakdown_by", f.Definition.BreakdownBy);
        Steps(w, "steps", f.Steps);
        w.WriteStartArray("breakdown");
        foreach (var row in f.Breakdown)
        {
            w.WriteStartObject();
            if (row.Value is null) w.WriteNull("value");
            else w.WriteString("value", row.Value);
            w.WriteString("label", row.Label);
            Steps(w, "steps", row.Steps);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        Strings(w, "notes", f.Notes);
        w.WriteEndObject();
    }

    private static void Steps(Utf8JsonWriter w, string name, IReadOnlyList<FunnelStep> steps)
    {
        w.WriteStartArray(name);
        foreach (var s in steps)
        {
            w.WriteStartObject();
            w.WriteNumber("step", s.Index);
            w.WriteString("event", s.Name);
            w.WriteNumber("users", s.Users);
            Number(w, "step_conversion", s.StepConversion);
            Number(w, "overall_conversion", s.OverallConversion);
            w.WriteNumber("dropped_off", s.DroppedOff);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void Retention(Utf8JsonWriter w, Report r)
    {
        var x = r.Retention;
        w.WriteStartObject("retention");
        w.WriteString("period", x.Period.ToString().ToLowerInvariant());
        w.WriteNumber("periods", x.Periods);
        w.WriteString("time_zone", x.TimeZone);
        NullableString(w, "start_event", x.Definition.StartEvent);
        NullableString(w, "return_event", x.Definition.ReturnEvent);
        Date(w, "last_period_start", x.LastPeriodStart);
        w.WriteStartArray("cohorts");
        foreach (var c in x.Cohorts)
        {
            w.WriteStartObject();
            w.WriteString("cohort_start", c.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            w.WriteNumber("size", c.Size);
            Longs(w, "users", c.Cells);
            Doubles(w, "fractions", c.Fractions);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartObject("average");
        Longs(w, "users", x.Average.Cells);
        Longs(w, "cohort_users", x.Average.CohortUsers);
        Doubles(w, "fractions", x.Average.Fractions);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void Rfm(Utf8JsonWriter w, Report r)
    {
        var x = r.Rfm;
        w.WriteStartObject("rfm");
        Date(w, "reference_date", x.ReferenceDate);
        w.WriteString("time_zone", x.TimeZone);
        NullableString(w, "purchase_event", x.Definition.PurchaseEvent);
        NullableString(w, "amount_column", x.Definition.AmountColumn);
        NullableString(w, "order_column", x.Definition.OrderColumn);
        w.WriteBoolean("has_amount", x.HasAmount);
        w.WriteNumber("purchasers", x.Purchasers);
        Number(w, "mean_r", x.MeanR);
        Number(w, "mean_f", x.MeanF);
        Decimal(w, "mean_m", x.MeanM);
        w.WriteStartArray("segments");
        foreach (var s in x.Segments)
        {
            w.WriteStartObject();
            w.WriteString("key", s.Segment.Key);
            w.WriteString("label_zh", s.Segment.Chinese);
            w.WriteString("label_en", s.Segment.English);
            w.WriteBoolean("recent", s.Segment.Recent);
            w.WriteBoolean("high_frequency", s.Segment.HighFrequency);
            w.WriteBoolean("high_monetary", s.Segment.HighMonetary);
            w.WriteNumber("users", s.Users);
            Number(w, "share", s.Share);
            Number(w, "mean_r", s.MeanR);
            Number(w, "mean_f", s.MeanF);
            Decimal(w, "mean_m", s.MeanM);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartObject("score_counts");
        Longs(w, "r", x.RScores.Select(v => (long?)v).ToArray());
        Longs(w, "f", x.FScores.Select(v => (long?)v).ToArray());
        Longs(w, "m", x.MScores.Select(v => (long?)v).ToArray());
        w.WriteEndObject();
        Strings(w, "notes", x.Notes);
        w.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter w, string name, double? v)
    {
        if (v is { } d && double.IsFinite(d)) w.WriteNumber(name, d);
        else w.WriteNull(name);
    }

    private static void Decimal(Utf8JsonWriter w, string name, decimal? v)
    {
        if (v is { } d) w.WriteNumber(name, Math.Round(d, 6));
        else w.WriteNull(name);
    }

    private static void NullableString(Utf8JsonWriter w, string name, string? v)
    {
        if (v is null) w.WriteNull(name);
        else w.WriteString(name, v);
    }

    private static void Date(Utf8JsonWriter w, string name, DateOnly? d)
    {
        if (d is { } x) w.WriteString(name, x.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        else w.WriteNull(name);
    }

    private static void Time(Utf8JsonWriter w, string name, long? micros)
    {
        if (micros is { } m) w.WriteString(name, ReportCommand.Iso(m));
        else w.WriteNull(name);
    }

    private static void Longs(Utf8JsonWriter w, string name, IReadOnlyList<long?> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            if (v is { } n) w.WriteNumberValue(n);
            else w.WriteNullValue();
        }
        w.WriteEndArray();
    }

    private static void Doubles(Utf8JsonWriter w, string name, IReadOnlyList<double?> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            if (v is { } d && double.IsFinite(d)) w.WriteNumberValue(d);
            else w.WriteNullValue();
        }
        w.WriteEndArray();
    }

    private static void Strings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var s in values) w.WriteStringValue(s);
        w.WriteEndArray();
    }
}
