namespace Rotation.Tenant.Contracts;

/// <summary>An exchange: the entry now under the alias and the key pair it replaced, now in the key history.</summary>
public sealed record ExchangeView(EntryView Entry, HistoryView Retired);
