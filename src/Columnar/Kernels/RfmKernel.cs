using System.Numerics;
using System.Runtime.InteropServices;

namespace Columnar.Kernels;

/// <summary>One user range's purchasers, in user order: last purchase day, F and M (unscaled) per purchaser.</summary>
internal sealed class RfmPartial
{
    public readonly List<int> Users = [];
    public readonly List<int> LastDays = [];
    public readonly List<long> Frequency = [];
    public readonly List<Int128> Monetary = [];
}

/// <summary>
/// RFM inputs over a user range: a purchase mask (<see cref="CodeMatch"/>) over the range's rows, then one step per purchase row
/// in scope on a local day before the reference day. F counts rows, or distinct order keys plus one per row without an order;
/// M sums the unscaled amounts (null counts 0), or equals F without an amount column.
/// </summary>
internal static class RfmKernel
{
    public static RfmPartial Run<TAmount, TOrder>(ReadOnlySpan<long> times, ReadOnlySpan<short> codes, ReadOnlySpan<int> users,
        ReadOnlySpan<int> offsets, int userStart, int userEnd, long? from, long? to, short purchase, ZoneCalendar calendar, int referenceDay,
        TAmount amounts, bool hasAmount, TOrder orders, bool hasOrder, SimdPath path)
        where TAmount : IRowNumbers, allows ref struct
        where TOrder : IRowNumbers, allows ref struct
    {
        var partial = new RfmPartial();
        int rowStart = offsets[userStart], rowEnd = offsets[userEnd];
        var bits = new ulong[Bits.Words(rowEnd - rowStart)];
        CodeMatch.Mask(codes[rowStart..rowEnd], new CodeEquals(purchase), bits, path);
        long fromT = from ?? long.MinValue, toT = to ?? long.MaxValue;
        var keys = new List<Int128>();
        int current = -1, lastDay = 0, nullOrders = 0;
        long count = 0;
        Int128 sum = 0;
        for (var w = 0; w < bits.Length; w++)
        {
            var word = bits[w];
            while (word != 0)
            {
                var row = rowStart + (w << 6) + BitOperations.TrailingZeroCount(word);
                word &= word - 1;
                var t = times[row];
                if (t < fromT || t >= toT) continue;
                var day = calendar.LocalDay(t);
                if (day >= referenceDay) continue;
                var user = users[row];
                if (user != current)
                {
                    if (current >= 0) Flush();
                    current = user;
                    lastDay = day;
                    count = 0;
                    sum = 0;
                    nullOrders = 0;
                    keys.Clear();
                }
                count++;
                lastDay = Math.Max(lastDay, day);
                if (hasAmount && !amounts.IsNull(row)) sum += amounts.Get(row);
                if (hasOrder)
                {
                    if (orders.IsNull(row)) nullOrders++;
                    else keys.Add(orders.Get(row));
                }
            }
        }
        if (current >= 0) Flush();
        return partial;

        void Flush()
        {
            var f = count;
            if (hasOrder)
            {
                var k = CollectionsMarshal.AsSpan(keys);
                k.Sort();
                var distinct = k.Length == 0 ? 0 : 1;
                for (var i = 1; i < k.Length; i++) distinct += k[i] != k[i - 1] ? 1 : 0;
                f = distinct + nullOrders;
            }
            partial.Users.Add(current);
            partial.LastDays.Add(lastDay);
            partial.Frequency.Add(f);
            partial.Monetary.Add(hasAmount ? sum : f);
        }
    }
}
