namespace Rotation.Shared.WsSecurity;

/// <summary>The signer step's settings: what the signature looks like on the wire.</summary>
public sealed record SignerSettings
{
    public KeyReference KeyReference { get; init; } = KeyReference.BinarySecurityToken;
    /// <summary>With a BinarySecurityToken: the certificate alone, or the chain as a PkiPath.</summary>
    public TokenFormat TokenFormat { get; init; } = TokenFormat.X509v3;
    public SignatureAlgorithm Algorithm { get; init; } = SignatureAlgorithm.RsaSha256;
    public TimeSpan TimestampTimeToLive { get; init; } = TimeSpan.FromMinutes(5);

    public static SignerSettings Default { get; } = new();

    /// <summary>Throws when the settings cannot produce a signature (a key reference only verifiers accept, a non-positive TTL).</summary>
    public void Validate()
    {
        if (KeyReference is not (KeyReference.BinarySecurityToken or KeyReference.IssuerSerial))
            throw new ArgumentException($"key reference {KeyReference} is accepted from other stacks but not produced; use BinarySecurityToken or IssuerSerial");
        if (!Enum.IsDefined(TokenFormat))
            throw new ArgumentException($"token format {TokenFormat} is unknown; use X509v3 or PkiPath");
        if (TimestampTimeToLive <= TimeSpan.Zero)
            throw new ArgumentException("timestamp time to live must be positive");
        _ = AlgorithmUris.SignatureUri(Algorithm);
    }
}
