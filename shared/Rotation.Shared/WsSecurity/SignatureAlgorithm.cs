namespace Rotation.Shared.WsSecurity;

public enum SignatureAlgorithm
{
    RsaSha256,
    RsaSha384,
    RsaSha512,
    EcdsaSha256,
    EcdsaSha384,
    EcdsaSha512,
    /// <summary>Legacy; only when explicitly chosen, and rejected by the default verification policy.</summary>
    RsaSha1,
}
