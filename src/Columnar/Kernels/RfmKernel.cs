using System.Buffers;
using System.Runtime.CompilerServices;
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
/// RFM inputs over a user range: a purchase mask (<see cref="CodeMatch"/>) over the range's rows, the purchase rows' times and
/// amounts gathered in one tight loop (independent loads, so their cache misses overlap instead of queueing behind each row's
/// work), then one step per purchase row in scope on a local day before the reference day, the user found by walking the
/// offset index. F counts rows, or distinct order keys plus one per row without an order; M sums the unscaled amounts (null
/// counts 0), or equals F without an amount column.
/// </summary>
internal static class RfmKernel
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static RfmPartial Run<TAmount, TOrder>(ReadOnlySpan<long> times, ReadOnlySpan<short> codes, ReadOnlySpan<int> offsets,
        int userStart, int userEnd, long? from, long? to, short purchase, ZoneCalendar calendar, int referenceDay,
        TAmount amounts, bool hasAmount, TOrder orders, bool hasOrder, SimdPath path)
        where TAmount : IRowNumbers, allows ref struct
        where TOrder : IRowNumbers, allows ref struct
    {
        var partial = new RfmPartial();
        int rowStart = offsets[userStart], rowEnd = offsets[userEnd];
        var pool = ArrayPool<ulong>.Shared;
        var bits = pool.Rent(Bits.Words(rowEnd - rowStart));
        CodeMatch.Mask(codes[rowStart..rowEnd], new CodeEquals(purchase), bits, path);
        var words = bits.AsSpan(0, Bits.Words(rowEnd - rowStart));
        var count = Bits.Count(words);
        var rows = ArrayPool<int>.Shared.Rent(count);
        var when = ArrayPool<long>.Shared.Rent(count);
        var money = hasAmount ? ArrayPool<Int128>.Shared.Rent(count) : [];
        try
        {
            Bits.Indices(words, rowStart, rows);
            for (var i = 0; i < count; i++) when[i] = times[rows[i]];
            if (hasAmount) amounts.GetOrZero(rows.AsSpan(0, count), money);
            Fold(partial, rows.AsSpan(0, count), when, money, offsets, userStart, from, to, calendar, referenceDay, hasAmount, orders, hasOrder);
        }
        finally
        {
            pool.Return(bits);
            ArrayPool<int>.Shared.Return(rows);
            ArrayPool<long>.Shared.Return(when);
            if (hasAmount) ArrayPool<Int128>.Shared.Return(money);
        }
        return partial;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Fold<TOrder>(RfmPartial partial, ReadOnlySpan<int> rows, ReadOnlySpan<long> times, ReadOnlySpan<Int128> amounts,
        ReadOnlySpan<int> offsets, int user, long? from, long? to, ZoneCalendar calendar, int referenceDay, bool hasAmount, TOrder orders, bool hasOrder)
        where TOrder : IRowNumbers, allows ref struct
    {
        long fromT = from ?? long.MinValue, toT = to ?? long.MaxValue;
        var keys = new List<Int128>();
        int current = -1, lastDay = 0, nullOrders = 0;
        long count = 0;
        Int128 sum = 0;
        for (var i = 0; i < rows.Length; i++)
        {
            var row = rows[i];
            var t = times[i];
            if (t < fromT || t >= toT) continue;
            var day = calendar.LocalDay(t);
            if (day >= referenceDay) continue;
            while (row >= offsets[user + 1]) user++;
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
            if (hasAmount) sum += amounts[i];
            if (hasOrder)
            {
                if (orders.IsNull(row)) nullOrders++;
                else keys.Add(orders.Get(row));
            }
        }
        if (current >= 0) Flush();

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
