namespace Rotation.Sender.Contracts;

/// <summary>A keystore change: what it did, in words, the keystore after it, and the key pairs it touched.</summary>
public sealed record KeystoreChangeView(string Message, KeystoreView Keystore, KeyPairView? KeyPair, RetiredView? Retired);
