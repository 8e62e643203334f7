using Rotation.Shared.WsSecurity;

namespace Rotation.Sender.Wcf;

/// <summary>What signs a request right now: the key pair under the signing alias and the signer settings. Immutable.</summary>
public sealed record RequestSignature(string Alias, SigningKey Key, SignerSettings Settings);
