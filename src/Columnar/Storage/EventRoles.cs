namespace Columnar.Storage;

/// <summary>
/// Which event names play the business roles used by RFM, tags and reports, and which property columns hold
/// the purchase amount and the order id. Any member may be null when the dataset has no such role.
/// </summary>
/// <param name="View">The event name of a product view, or null.</param>
/// <param name="Cart">The event name of an add-to-cart, or null.</param>
/// <param name="Fav">The event name of a favourite, or null.</param>
/// <param name="Purchase">The event name of a purchase, or null.</param>
/// <param name="Amount">The property column holding the purchase amount (money), or null. Without it RFM's M equals F.</param>
/// <param name="Order">The property column holding the order id, or null. With it F and purchase funnels count distinct orders.</param>
public sealed record EventRoles(string? View = null, string? Cart = null, string? Fav = null, string? Purchase = null, string? Amount = null, string? Order = null)
{
    /// <summary>No roles at all.</summary>
    public static EventRoles None { get; } = new();
}
