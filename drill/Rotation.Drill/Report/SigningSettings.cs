namespace Rotation.Drill.Report;

/// <summary>
/// How the tenant signed during the procedure: from its signer step, and the algorithms read off a signed response.
/// Null where the tenant's face does not tell (/api/v1 shows no signer step: algorithm, key reference, timestamp lifetime).
/// </summary>
public sealed record SigningSettings(string Alias, string? SignatureAlgorithm, string? SignatureMethodUri, string? DigestMethodUri,
    string? KeyReference, double? TimestampTimeToLiveSeconds, string KeyAlgorithm, int KeySize, int NewKeySize);
