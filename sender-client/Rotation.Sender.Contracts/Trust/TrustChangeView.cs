namespace Rotation.Sender.Contracts;

/// <summary>A trust change: what it did, in words, and the trust store after it.</summary>
public sealed record TrustChangeView(string Message, TrustStoreView Trust);
