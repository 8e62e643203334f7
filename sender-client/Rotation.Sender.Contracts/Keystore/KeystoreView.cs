namespace Rotation.Sender.Contracts;

/// <summary>The sender's keystore at a revision.</summary>
public sealed record KeystoreView(long Revision, DateTimeOffset ChangedAt, string SigningAlias, SigningView Signing, IReadOnlyList<KeyPairView> KeyPairs, int HistoryCount);
