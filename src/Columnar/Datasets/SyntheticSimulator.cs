using static Columnar.Datasets.SyntheticWorld;

namespace Columnar.Datasets;

/// <summary>The generated events of a range of rows, column by column; times are µs since the Unix epoch, UTC.</summary>
internal sealed class SyntheticEvents(int capacity)
{
    public long[] Times { get; } = new long[capacity];
    public byte[] Kinds { get; } = new byte[capacity];
    public byte[] Devices { get; } = new byte[capacity];
    public byte[] Channels { get; } = new byte[capacity];

    /// <summary>The revenue of purchase rows in cents (0 on other rows).</summary>
    public int[] RevenueCents { get; } = new int[capacity];
}

/// <summary>
/// Simulates one user at a time. First the user's sessions are drawn as event sequences (page_view → view_item →
/// add_to_cart → purchase with drop-off, plus login, search, add_to_wishlist and remove_from_cart) until the user's
/// event budget is spent; the last session is cut where the budget ends. Then the sessions are placed in time:
/// existing customers anywhere in the window, new users from their first day on with fading activity, each session
/// at a local hour drawn from the daily rhythm of the user's region. Sessions stay at least 31 minutes apart, so a
/// 30-minute session timeout finds them. Each user draws from their own random stream, so any split of the users
/// over threads gives the same events. Holds scratch buffers, so use one instance per thread.
/// </summary>
internal sealed class SyntheticSimulator(SyntheticPlan plan)
{
    private const long Second = 1_000_000;
    private const long Day = 86_400 * Second;
    private const double ExistingShare = 0.35;
    private const long MinSessionGap = 31 * 60 * Second;

    private long[] _sessionStart = new long[64];
    private int[] _sessionFirst = new int[65];
    private long[] _sessionLength = new long[64];

    private Xoshiro256 _rng;
    private SyntheticEvents _out = null!;
    private int _pos, _end, _sessionBegin;
    private long _t;
    private byte _device, _channel;
    private double _cartChance, _buyChance;
    private int _spendShift;

    /// <summary>Writes the events of <paramref name="user"/> into <paramref name="output"/> from row <paramref name="at"/> on.</summary>
    public void Simulate(int user, SyntheticEvents output, int at)
    {
        var count = plan.Counts[user];
        _rng = Xoshiro256.ForStream(plan.Options.Seed, SyntheticPlan.EventStream, (ulong)user);
        _out = output;
        _pos = at;
        _end = at + count;
        var propensity = Propensities[plan.Propensity[user]];
        _cartChance = 0.25 * propensity;
        _buyChance = 0.32 * propensity;
        _spendShift = plan.SpendShift[user];

        // 1. Event sequences, times relative to each session's start.
        var sessions = 0;
        while (_pos < _end)
        {
            if (sessions == _sessionStart.Length) Grow();
            _sessionFirst[sessions] = _pos;
            _device = _rng.Chance(0.85) ? plan.Device[user] : OtherDevice(plan.Device[user], plan.AgeBand[user]);
            _channel = sessions == 0 ? plan.Channel[user] : (byte)_rng.Pick(ReturnChannelWeights);
            _sessionBegin = _pos;
            _t = 0;
            Session(first: sessions == 0);
            _sessionLength[sessions] = _t;
            sessions++;
        }
        _sessionFirst[sessions] = _end;

        // 2. Session starts, relative to the window start.
        PlaceSessions(user, sessions);

        // 3. Absolute times.
        for (var s = 0; s < sessions; s++)
        {
            var start = plan.StartMicros + _sessionStart[s];
            for (var i = _sessionFirst[s]; i < _sessionFirst[s + 1]; i++) output.Times[i] += start;
        }
    }

    /// <summary>A device other than the primary one, in the proportions of the user's age band.</summary>
    private byte OtherDevice(byte primary, byte ageBand)
    {
        Span<int> weights = stackalloc int[Devices.Length];
        DeviceWeightsByAge[ageBand].CopyTo(weights);
        weights[primary] = 0;
        return (byte)_rng.Pick(weights);
    }

    private void Grow()
    {
        var n = _sessionStart.Length * 2;
        Array.Resize(ref _sessionStart, n);
        Array.Resize(ref _sessionLength, n);
        Array.Resize(ref _sessionFirst, n + 1);
    }

    private void Session(bool first)
    {
        if (!first && _rng.Chance(0.15) && !Emit(Login, 2, 15)) return;
        var keepBrowsing = 0.70;
        while (true)
        {
            if (!Emit(PageView, 8, 120)) return;
            if (_rng.Chance(0.60))
            {
                if (_rng.Chance(0.22) && !Emit(Search, 3, 30)) return;
                if (!Emit(ViewItem, 4, 60)) return;
                if (_rng.Chance(0.07) && !Emit(Wishlist, 5, 45)) return;
                if (_rng.Chance(_cartChance))
                {
                    if (!Emit(Cart, 10, 150)) return;
                    if (_rng.Chance(0.08))
                    {
                        if (!Emit(RemoveFromCart, 10, 120)) return;
                    }
                    else if (_rng.Chance(_buyChance))
                    {
                        var more = Emit(Purchase, 30, 400);
                        _out.RevenueCents[_pos - 1] = Basket();
                        if (!more) return;
                        keepBrowsing = 0.35;
                    }
                }
            }
            if (!_rng.Chance(keepBrowsing)) return;
        }
    }

    /// <summary>Writes one event a few seconds after the previous one; false when the user's budget is now spent.</summary>
    private bool Emit(byte kind, int minSeconds, int maxSeconds)
    {
        if (_pos != _sessionBegin)
        {
            // Triangular between min and max seconds, with microseconds.
            var span = (ulong)(maxSeconds - minSeconds) * Second;
            _t += minSeconds * Second + (long)((_rng.NextBounded(span) + _rng.NextBounded(span)) / 2);
        }
        _out.Times[_pos] = _t;
        _out.Kinds[_pos] = kind;
        _out.Devices[_pos] = _device;
        _out.Channels[_pos] = _channel;
        _out.RevenueCents[_pos] = 0;
        _pos++;
        return _pos < _end;
    }

    private int Basket()
    {
        var items = 1 + _rng.Pick(BasketWeights);
        var cents = 0;
        for (var i = 0; i < items; i++)
            cents += PriceCents[Math.Min(PriceCents.Length - 1, _rng.Pick(PriceWeights) + _spendShift)];
        return cents < FreeShippingFromCents ? cents + ShippingCents : cents;
    }

    private void PlaceSessions(int user, int sessions)
    {
        var days = plan.Options.Days;
        var offsetSeconds = Countries[plan.Country[user]].Regions[plan.Region[user]].UtcOffsetMinutes * 60L;
        var startDay = plan.StartMicros / Day;

        // A third of the light users and most heavy ones are existing customers, here before the window. The others
        // arrive during the window, but late arrivals cannot be heavy: leave about a day per three sessions.
        var heavy = Math.Min(1.0, sessions / 60.0);
        var room = days - (sessions + 2) / 3;
        var existing = room <= 1 || _rng.Chance(ExistingShare + (1 - ExistingShare) * heavy);
        var firstDay = existing ? 0 : _rng.NextInt(room);
        var span = days - firstDay;
        // New users start on their first day and light ones fade fast (day offsets ~ x³); heavy users and existing
        // customers, who were here before the window, come back steadily (day offsets ~ x).
        var steady = existing ? 1.0 : heavy;
        for (var s = 0; s < sessions; s++)
        {
            int day;
            if (s == 0 && !existing) day = firstDay;
            else
            {
                var tries = 0;
                do
                {
                    var x = _rng.NextDouble();
                    day = firstDay + (int)(span * (_rng.Chance(steady) ? x : x * x * x));
                    if (day >= days) day = days - 1;
                } while (++tries < 4 && _rng.NextInt(MaxWeekdayWeight) >= WeekdayWeights[(int)((startDay + day + 3) % 7)]);
            }
            var localSecond = _rng.Pick(HourWeights) * 3600L + _rng.NextInt(3600);
            var utcSecond = ((localSecond - offsetSeconds) % 86_400 + 86_400) % 86_400;
            _sessionStart[s] = day * Day + utcSecond * Second + _rng.NextInt((int)Second);
        }

        var starts = _sessionStart.AsSpan(0, sessions);
        starts.Sort();
        for (var s = 1; s < sessions; s++)
        {
            var earliest = starts[s - 1] + _sessionLength[s - 1] + MinSessionGap;
            if (starts[s] < earliest) starts[s] = earliest + (long)_rng.NextBounded(90 * 60 * Second);
        }

        // Pushed past the window's end (a late session on the last day, or a heavy user in a short window): compress
        // this user's timeline towards the window start; at the defaults the factor is below 1.001.
        var last = starts[sessions - 1] + _sessionLength[sessions - 1];
        if (last >= plan.WindowMicros)
        {
            var limit = plan.WindowMicros - 1;
            for (var s = 0; s < sessions; s++)
            {
                var begin = starts[s];
                for (var i = _sessionFirst[s]; i < _sessionFirst[s + 1]; i++)
                    _out.Times[i] = (long)((Int128)(begin + _out.Times[i]) * limit / last) - begin;
            }
        }
    }
}
