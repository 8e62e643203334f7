namespace Rotation.Shared.WsSecurity;

/// <summary>What a BinarySecurityToken carries when the key reference is <see cref="KeyReference.BinarySecurityToken"/>.</summary>
public enum TokenFormat
{
    /// <summary>The signer's certificate alone (ValueType #X509v3): what every stack accepts.</summary>
    X509v3,
    /// <summary>The signer's certificate with its issuers as a PkiPath (ValueType #PKIPathV1, signer last): for receivers that trust the CA and need the intermediates.</summary>
    PkiPath,
}
