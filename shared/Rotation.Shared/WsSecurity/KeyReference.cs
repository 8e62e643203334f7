namespace Rotation.Shared.WsSecurity;

/// <summary>How a signature names its key in the SecurityTokenReference.</summary>
public enum KeyReference
{
    /// <summary>The certificate travels in a BinarySecurityToken; the reference points at it.</summary>
    BinarySecurityToken,
    /// <summary>Only the issuer DN and serial number travel; the receiver must already hold the certificate.</summary>
    IssuerSerial,
    /// <summary>X509SubjectKeyIdentifier key identifier (accepted from other stacks; not produced by default).</summary>
    SubjectKeyIdentifier,
    /// <summary>ThumbprintSHA1 key identifier (accepted from other stacks).</summary>
    Thumbprint,
    /// <summary>The certificate itself in ds:X509Data/ds:X509Certificate inside the reference, as zeep's Signature sends it (accepted, not produced).</summary>
    EmbeddedCertificate,
}
