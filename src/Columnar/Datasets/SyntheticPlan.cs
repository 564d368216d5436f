namespace Columnar.Datasets;

/// <summary>
/// The per-user part of a generation, fixed before any event is drawn: each user's profile (country, region,
/// gender, age band, primary device, acquisition channel, spending and buying habits) and their exact event count.
/// User <c>u</c> (dense, 0-based) has the original id <c>u + 1</c> and owns rows [<see cref="Offsets"/>[u], <see cref="Offsets"/>[u+1]).
/// </summary>
internal sealed class SyntheticPlan
{
    // Purposes of the independent random streams.
    internal const ulong ProfileStream = 1, WeightStream = 2, EventStream = 3;

    private SyntheticPlan(SyntheticOptions options)
    {
        Options = options;
        Users = options.Users;
        StartMicros = (DateTime.SpecifyKind(options.Start, DateTimeKind.Utc) - DateTime.UnixEpoch).Ticks / 10;
        WindowMicros = options.Days * 86_400_000_000L;
        Country = new byte[Users];
        Region = new byte[Users];
        Gender = new byte[Users];
        AgeBand = new byte[Users];
        Device = new byte[Users];
        Channel = new byte[Users];
        SpendShift = new byte[Users];
        Propensity = new byte[Users];
        Counts = new int[Users];
        Offsets = new int[Users + 1];
    }

    public SyntheticOptions Options { get; }
    public int Users { get; }
    public long StartMicros { get; }
    public long WindowMicros { get; }
    public byte[] Country { get; }
    public byte[] Region { get; }
    public byte[] Gender { get; }
    public byte[] AgeBand { get; }
    public byte[] Device { get; }
    public byte[] Channel { get; }
    public byte[] SpendShift { get; }
    public byte[] Propensity { get; }
    public int[] Counts { get; }
    public int[] Offsets { get; }

    public static long UserId(int user) => user + 1L;

    public static SyntheticPlan Create(SyntheticOptions options)
    {
        options.Validate();
        var plan = new SyntheticPlan(options);
        plan.DrawProfiles();
        plan.DistributeEvents();
        return plan;
    }

    private void DrawProfiles()
    {
        for (var u = 0; u < Users; u++)
        {
            var rng = Xoshiro256.ForStream(Options.Seed, ProfileStream, (ulong)u);
            var country = rng.Pick(SyntheticWorld.CountryWeights);
            Country[u] = (byte)country;
            Region[u] = (byte)rng.Pick(SyntheticWorld.RegionWeights[country]);
            Gender[u] = (byte)rng.Pick(SyntheticWorld.GenderWeights);
            var age = rng.Pick(SyntheticWorld.AgeWeights);
            AgeBand[u] = (byte)age;
            Device[u] = (byte)rng.Pick(SyntheticWorld.DeviceWeightsByAge[age]);
            Channel[u] = (byte)rng.Pick(SyntheticWorld.AcquisitionChannelWeights);
            SpendShift[u] = (byte)rng.Pick(SyntheticWorld.SpendShiftWeightsByAge[age]);
            Propensity[u] = (byte)rng.Pick(SyntheticWorld.PropensityWeights);
        }
    }

    /// <summary>
    /// Zipf-like activity: users get activity ranks by a seeded shuffle, and rank r (0-based) the weight 1 / (r + 1 + k)
    /// with k = max(1, users / 1000), so the shape is the same at every size (the top 1% hold about a third of the events).
    /// Each user gets one event plus floor(share of the rest); the few events left over by flooring go one each to
    /// the heaviest users in rank order, so the total is exactly <see cref="SyntheticOptions.Events"/>.
    /// </summary>
    private void DistributeEvents()
    {
        var n = Options.Events;
        var rng = Xoshiro256.ForStream(Options.Seed, WeightStream, 0);
        var byRank = new int[Users];
        for (var i = 0; i < Users; i++) byRank[i] = i;
        for (var i = Users - 1; i > 0; i--)
        {
            var j = rng.NextInt(i + 1);
            (byRank[i], byRank[j]) = (byRank[j], byRank[i]);
        }

        double k = Math.Max(1, Users / 1000);
        var total = 0.0;
        for (var r = 0; r < Users; r++) total += 1.0 / (r + 1 + k);
        var rest = (double)(n - Users);
        long assigned = 0;
        for (var r = 0; r < Users; r++)
        {
            var c = 1 + (int)Math.Floor(rest * (1.0 / (r + 1 + k)) / total);
            Counts[byRank[r]] = c;
            assigned += c;
        }

        // Rounding left 0 <= leftover < users in exact arithmetic; correct either way, heaviest first.
        var leftover = n - assigned;
        for (var r = 0; leftover != 0; r = (r + 1) % Users)
        {
            var u = byRank[r];
            if (leftover > 0) { Counts[u]++; leftover--; }
            else if (Counts[u] > 1) { Counts[u]--; leftover++; }
        }

        for (var u = 0; u < Users; u++) Offsets[u + 1] = Offsets[u] + Counts[u];
    }

    /// <summary>Splits the users into consecutive ranges of about <paramref name="targetEvents"/> events each.</summary>
    public List<(int First, int End)> Chunks(int targetEvents)
    {
        var chunks = new List<(int, int)>();
        var first = 0;
        for (var u = 0; u < Users; u++)
        {
            if (Offsets[u + 1] - Offsets[first] >= targetEvents)
            {
                chunks.Add((first, u + 1));
                first = u + 1;
            }
        }
        if (first < Users) chunks.Add((first, Users));
        return chunks;
    }
}
