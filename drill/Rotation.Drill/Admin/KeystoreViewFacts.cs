using Rotation.Sender.Contracts;

namespace Rotation.Drill.Admin;

/// <summary>What the drill asks of the sender's keystore in the renewal of the sender's key (docs/DESIGN.md §10).</summary>
public static class KeystoreViewFacts
{
    /// <summary>The key pair under the signing alias; null when the alias holds none.</summary>
    public static KeyPairView? SigningKeyPair(this KeystoreView keystore) => keystore.KeyPairs.FirstOrDefault(k => k.Signing);
}
