using Columnar.Storage;

namespace Columnar.Analytics.Rfm;

/// <summary>
/// The options of an RFM analysis over purchasers: users with at least one <see cref="PurchaseEvent"/> in scope on a local date
/// before the reference date. R is the number of whole local days from the last purchase's local date to the reference date
/// (so R ≥ 1); F is the number of purchases: distinct non-null order ids plus one per purchase row without an order id when
/// <see cref="OrderColumn"/> is set, otherwise purchase rows; M is the exact decimal sum of <see cref="AmountColumn"/> over
/// the purchase rows, a null amount counting 0, or M = F without an amount column.
/// </summary>
/// <param name="PurchaseEvent">The purchase event name; null when the table has no purchase role (running then fails with ANA0003).</param>
/// <param name="AmountColumn">The Decimal or Int64 property holding each purchase row's amount, or null (then M = F).</param>
/// <param name="OrderColumn">The property holding the order id, or null (then F counts purchase rows).</param>
/// <param name="ReferenceDate">The local reference date (exclusive: only purchases on earlier local dates count), or null for the
/// local date of the last event in scope plus one day.</param>
public sealed record RfmDefinition(string? PurchaseEvent, string? AmountColumn, string? OrderColumn, DateOnly? ReferenceDate)
{
    /// <summary>The definition from a table's roles: <see cref="EventRoles.Purchase"/>, <see cref="EventRoles.Amount"/> and
    /// <see cref="EventRoles.Order"/>, with the default reference date.</summary>
    public static RfmDefinition FromRoles(EventRoles roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        return new(roles.Purchase, roles.Amount, roles.Order, null);
    }

    internal void Validate(EventTable table)
    {
        if (PurchaseEvent is null)
            throw new ColumnarException(ErrorCodes.MissingRole,
                $"RFM needs a purchase event, and table {table.Source} has no purchase role; name one with .Purchases(\"buy\") or --purchase");
        if (PurchaseEvent.Length == 0)
            throw new ColumnarException(ErrorCodes.BadOption, "the RFM purchase event is empty");
        if (AmountColumn is not null)
        {
            var amount = table.Property(AmountColumn) ?? throw UnknownColumn(table, AmountColumn, "amount");
            if (amount.Type is not (PropertyType.Decimal or PropertyType.Int64))
                throw new ColumnarException(ErrorCodes.BadOption,
                    $"the RFM amount column '{AmountColumn}' is {amount.Type}; M is an exact sum, so it must be Decimal or Int64", column: AmountColumn);
        }
        if (OrderColumn is not null && table.Property(OrderColumn) is null)
            throw UnknownColumn(table, OrderColumn, "order");
    }

    private static ColumnarException UnknownColumn(EventTable table, string name, string role) =>
        new(ErrorCodes.UnknownProperty,
            $"the RFM {role} column '{name}' is not a property of {table.Source} (properties: {string.Join(", ", table.Properties.Select(p => p.Name).DefaultIfEmpty("none"))})",
            column: name);

    /// <summary>The scale of M: the amount column's decimal scale, or 0 for Int64 amounts and for M = F.</summary>
    internal int MonetaryScale(EventTable table) => AmountColumn is { } a && table.Property(a) is { Type: PropertyType.Decimal } p
        ? ((Apache.Arrow.Types.Decimal128Type)p.Data.Data.DataType).Scale
        : 0;
}
