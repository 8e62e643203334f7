using Rotation.Shared.WsSecurity;

namespace Rotation.Tenant.Signing;

/// <summary>
/// The signer step of the integration flow: which alias signs responses and what the signature looks like.
/// <see cref="AliasHeader"/>, when set, lets a request name the alias (the platform's dynamic alias), but only one of
/// <see cref="AllowedAliases"/> (or the step's own alias): a caller cannot pick any key pair of the keystore.
/// <see cref="Algorithm"/> null means the key's own default (RSA-SHA256, ECDSA-SHA256/384).
/// <see cref="KeyFingerprint"/>, when set, pins one key pair (under an alias or in the key history) and wins over
/// the alias: the administrator's rollback to a retired key without another exchange.
/// </summary>
public sealed record SignerStep
{
    public const string DefaultAlias = "tenant-signing";

    public string Alias { get; init; } = DefaultAlias;
    public SignatureAlgorithm? Algorithm { get; init; }
    public KeyReference KeyReference { get; init; } = KeyReference.BinarySecurityToken;

    /// <summary>With a BinarySecurityToken: the certificate alone (default) or its chain as a PkiPath (docs/DESIGN.md §12).</summary>
    public TokenFormat TokenFormat { get; init; } = TokenFormat.X509v3;
    public TimeSpan TimestampTimeToLive { get; init; } = TimeSpan.FromMinutes(5);
    public string? AliasHeader { get; init; }

    /// <summary>The aliases <see cref="AliasHeader"/> may name besides <see cref="Alias"/>; empty: only <see cref="Alias"/>.</summary>
    public IReadOnlyList<string> AllowedAliases { get; init; } = [];

    public const int MaxAllowedAliases = 32;
    public string? KeyFingerprint { get; init; }

    /// <summary>Null when the step can sign; else why not.</summary>
    public string? Problem()
    {
        if (Keystore.AliasRules.Check(Alias) is { } invalid) return invalid.Message;
        if (KeyReference is not (KeyReference.BinarySecurityToken or KeyReference.IssuerSerial))
            return $"key reference {KeyReference} is not produced; use BinarySecurityToken or IssuerSerial";
        if (!Enum.IsDefined(TokenFormat)) return $"token format {TokenFormat} is unknown; use X509v3 or PkiPath";
        if (TimestampTimeToLive <= TimeSpan.Zero || TimestampTimeToLive > TimeSpan.FromDays(1))
            return "timestamp time to live must be between 1 second and 1 day";
        if (AliasHeader is { Length: 0 }) return "alias header must be a header name or absent";
        if (AllowedAliases.Count > MaxAllowedAliases) return $"at most {MaxAllowedAliases} allowed aliases, not {AllowedAliases.Count}";
        foreach (var allowed in AllowedAliases)
            if (Keystore.AliasRules.Check(allowed) is { } invalidAllowed) return $"allowed aliases: {invalidAllowed.Message}";
        if (AllowedAliases.Distinct(Keystore.KeystoreSnapshot.AliasComparer).Count() != AllowedAliases.Count) return "allowed aliases must not repeat";
        if (KeyFingerprint is { } f && (f.Length != 64 || !f.All(char.IsAsciiHexDigit))) return "key fingerprint must be 64 hex digits (SHA-256 of the certificate)";
        return null;
    }

    /// <summary>Whether the alias header may name <paramref name="alias"/>: the step's own alias or one of <see cref="AllowedAliases"/>.</summary>
    public bool AllowsHeaderAlias(string alias) =>
        Keystore.KeystoreSnapshot.AliasComparer.Equals(alias, Alias) || AllowedAliases.Contains(alias, Keystore.KeystoreSnapshot.AliasComparer);

    /// <summary>The key that signs the next response, from one snapshot; null when there is none.</summary>
    public Rotation.Shared.WsSecurity.SigningKey? KeyFrom(Keystore.KeystoreSnapshot snapshot, string alias) =>
        KeyFingerprint is { } pinned ? snapshot.SigningKeyByFingerprint(pinned) : snapshot.SigningKeyFor(alias);

    /// <summary>The wire settings for one key: a configured algorithm the key cannot do falls back to the key's default,
    /// so that exchanging an RSA key for an EC key never makes the endpoint fail.</summary>
    public SignerSettings SettingsFor(SigningKey key) => new()
    {
        KeyReference = KeyReference,
        TokenFormat = TokenFormat,
        Algorithm = Algorithm is { } a && key.Supports(a) ? a : key.DefaultAlgorithm,
        TimestampTimeToLive = TimestampTimeToLive,
    };
}
