namespace Columnar.Datasets;

/// <summary>
/// The fixed tables behind the synthetic shop: event names, countries with their regions and UTC offsets,
/// devices, channels, the daily and weekly rhythm and the price list. Weights are relative integers.
/// </summary>
internal static class SyntheticWorld
{
    // Event kinds, in the order of EventNames.
    public const byte Login = 0, PageView = 1, Search = 2, ViewItem = 3, Wishlist = 4, Cart = 5, RemoveFromCart = 6, Purchase = 7;

    public static readonly string[] EventNames =
        ["login", "page_view", "search", "view_item", "add_to_wishlist", "add_to_cart", "remove_from_cart", "purchase"];

    public static readonly string[] Genders = ["female", "male", "unknown"];
    public static readonly int[] GenderWeights = [49, 45, 6];

    public static readonly string[] AgeBands = ["18-24", "25-34", "35-44", "45-54", "55+"];
    public static readonly int[] AgeWeights = [18, 32, 24, 15, 11];

    public static readonly string[] Devices = ["mobile", "desktop", "tablet"];

    /// <summary>The primary device by age band: the young are more mobile.</summary>
    public static readonly int[][] DeviceWeightsByAge =
    [
        [78, 15, 7],
        [68, 26, 6],
        [58, 34, 8],
        [50, 40, 10],
        [42, 44, 14],
    ];

    public static readonly string[] Channels = ["organic", "paid", "social", "email", "direct", "referral"];

    /// <summary>How a user first arrives (their first session).</summary>
    public static readonly int[] AcquisitionChannelWeights = [32, 22, 18, 4, 16, 8];

    /// <summary>How a known user comes back (later sessions).</summary>
    public static readonly int[] ReturnChannelWeights = [24, 10, 10, 16, 36, 4];

    /// <summary>Extra price tiers a user tends to buy from (0, 1 or 2 tiers up), by age band.</summary>
    public static readonly int[][] SpendShiftWeightsByAge =
    [
        [70, 25, 5],
        [50, 35, 15],
        [40, 40, 20],
        [40, 38, 22],
        [45, 35, 20],
    ];

    /// <summary>A per-user multiplier of the add-to-cart and purchase probabilities: hesitant, typical, keen.</summary>
    public static readonly double[] Propensities = [0.7, 1.0, 1.3];
    public static readonly int[] PropensityWeights = [30, 45, 25];

    /// <summary>Local hour of a session start: quiet at night, a lunch bump and an evening peak.</summary>
    public static readonly int[] HourWeights =
        [3, 2, 1, 1, 1, 1, 2, 4, 5, 6, 6, 7, 8, 7, 6, 6, 6, 7, 8, 10, 11, 10, 7, 5];

    /// <summary>Relative activity by weekday, Monday first (out of 110): weekends shop a little more.</summary>
    public static readonly int[] WeekdayWeights = [96, 100, 100, 98, 92, 104, 110];
    public const int MaxWeekdayWeight = 110;

    /// <summary>Item prices in cents; cheap items are common, expensive ones rare.</summary>
    public static readonly int[] PriceCents = [499, 999, 1499, 1999, 2499, 2999, 3999, 4999, 6999, 8999, 12999, 19999, 29999, 49999];
    public static readonly int[] PriceWeights = [6, 10, 12, 12, 11, 10, 9, 8, 6, 5, 4, 3, 2, 1];

    /// <summary>Items in a basket: 1, 2, 3 or 4.</summary>
    public static readonly int[] BasketWeights = [62, 24, 9, 5];

    /// <summary>Orders below this (cents) pay <see cref="ShippingCents"/> shipping.</summary>
    public const int FreeShippingFromCents = 3500;
    public const int ShippingCents = 499;

    /// <summary>A region of a country with its standard-time UTC offset (daylight saving is ignored).</summary>
    public readonly record struct Region(string Name, int Weight, int UtcOffsetMinutes);

    /// <summary>A country (ISO 3166 alpha-2 code) with its weight among users and its regions.</summary>
    public sealed record Country(string Code, int Weight, Region[] Regions);

    public static readonly Country[] Countries =
    [
        new("US", 27, [new("Northeast", 17, -300), new("Midwest", 21, -360), new("South Atlantic", 20, -300), new("South Central", 18, -360), new("West", 24, -480)]),
        new("GB", 10, [new("England", 84, 0), new("Scotland", 8, 0), new("Wales", 5, 0), new("Northern Ireland", 3, 0)]),
        new("DE", 9, [new("North Rhine-Westphalia", 22, 60), new("Bavaria", 16, 60), new("Baden-Wuerttemberg", 13, 60), new("Lower Saxony", 10, 60), new("Berlin", 5, 60)]),
        new("IN", 8, [new("Maharashtra", 25, 330), new("Karnataka", 15, 330), new("Delhi", 15, 330), new("Tamil Nadu", 15, 330), new("Uttar Pradesh", 15, 330)]),
        new("FR", 6, [new("Ile-de-France", 19, 60), new("Auvergne-Rhone-Alpes", 12, 60), new("Nouvelle-Aquitaine", 9, 60), new("Occitanie", 9, 60), new("Hauts-de-France", 9, 60)]),
        new("BR", 6, [new("Sao Paulo", 40, -180), new("Rio de Janeiro", 20, -180), new("Minas Gerais", 20, -180), new("Bahia", 10, -180)]),
        new("CA", 5, [new("Ontario", 39, -300), new("Quebec", 22, -300), new("British Columbia", 14, -480), new("Alberta", 12, -420)]),
        new("JP", 5, [new("Kanto", 45, 540), new("Kansai", 25, 540), new("Chubu", 18, 540), new("Kyushu", 12, 540)]),
        new("AU", 4, [new("New South Wales", 32, 600), new("Victoria", 26, 600), new("Queensland", 20, 600), new("Western Australia", 11, 480)]),
        new("ES", 4, [new("Madrid", 30, 60), new("Catalonia", 30, 60), new("Andalusia", 25, 60), new("Valencia", 15, 60)]),
        new("IT", 3, [new("Lombardy", 30, 60), new("Lazio", 20, 60), new("Campania", 15, 60), new("Veneto", 15, 60)]),
        new("MX", 3, [new("Mexico City", 40, -360), new("Jalisco", 20, -360), new("Nuevo Leon", 20, -360)]),
        new("NL", 3, [new("North Holland", 40, 60), new("South Holland", 35, 60), new("Utrecht", 25, 60)]),
        new("PL", 2, [new("Masovia", 40, 60), new("Lesser Poland", 30, 60), new("Silesia", 30, 60)]),
        new("SE", 2, [new("Stockholm", 45, 60), new("Vastra Gotaland", 30, 60), new("Skane", 25, 60)]),
    ];

    public static readonly int[] CountryWeights = Countries.Select(c => c.Weight).ToArray();
    public static readonly int[][] RegionWeights = Countries.Select(c => c.Regions.Select(r => r.Weight).ToArray()).ToArray();
}
