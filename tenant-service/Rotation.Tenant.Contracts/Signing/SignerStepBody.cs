using Rotation.Shared.WsSecurity;

namespace Rotation.Tenant.Contracts;

/// <summary>
/// Signer step change; null fields keep their value. Algorithm: RsaSha256/384/512, EcdsaSha256/384/512, an XML-DSig URI,
/// or "auto" (the key's default). AliasHeader: a request header that may name the alias ("" turns it off);
/// AllowedAliases: the aliases that header may name besides the step's own alias ([] = only that one).
/// KeyFingerprint: pin a key pair (also a retired one from the key history) by its SHA-256 fingerprint ("" unpins).
/// TokenFormat: X509v3 (the certificate alone) or PkiPath (the certificate with the issuers of its CA's signing response).
/// </summary>
public sealed record SignerStepBody(string? Alias = null, string? Algorithm = null, KeyReference? KeyReference = null, double? TimestampTimeToLiveSeconds = null, string? AliasHeader = null, string?[]? AllowedAliases = null, string? KeyFingerprint = null,
    TokenFormat? TokenFormat = null);
