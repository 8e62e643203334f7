namespace Rotation.Sender.Contracts;

/// <summary>Exchange the signing key pair for another of the keystore (<c>from</c>), keeping the alias.</summary>
public sealed record KeyPairExchangeBody(string? From);
