namespace Rotation.Shared.Certificates;

/// <summary>The key pairs a tenant creates and signs with. Spelled, parsed and formatted only through <see cref="KeyAlgorithmText"/>.</summary>
public enum KeyAlgorithm { Rsa2048, Rsa3072, Rsa4096, EcP256, EcP384 }
