using Microsoft.AspNetCore.Http.HttpResults;
using Rotation.Shared.WsSecurity;
using Rotation.Tenant.Keystore;
using Rotation.Tenant.Signing;

namespace Rotation.Tenant.Admin;

/// <summary>/admin/signer: the signer step of the integration flow (alias, algorithm, key reference, timestamp TTL).</summary>
internal static class SignerApi
{
    public static RouteGroupBuilder MapSignerApi(this RouteGroupBuilder admin)
    {
        var signer = admin.MapGroup("/signer").WithTags("Signer step");
        signer.MapGet("/", Get).WithName("GetSignerStep").WithSummary("The signer step and the key it signs with now");
        signer.MapPut("/", Put).WithName("SetSignerStep").WithSummary("Change the signer step (alias, algorithm, key reference, timestamp TTL, alias header)");
        return admin;
    }

    private static Ok<SignerStepView> Get(SignerStepStore store, TenantKeystore keystore) => TypedResults.Ok(SignerStepView.Of(store.Current, keystore));

    /// <summary>Replaces the signer step. Omitted fields keep their current value; the alias must name a key pair.</summary>
    private static async Task<Results<Ok<SignerStepView>, ProblemHttpResult>> Put(SignerStepBody body, SignerStepStore store, TenantKeystore keystore, CancellationToken cancellationToken)
    {
        var current = store.Current;
        var step = current with
        {
            Alias = body.Alias ?? current.Alias,
            Algorithm = body.Algorithm is null ? current.Algorithm : body.Algorithm == "" || body.Algorithm.Equals("auto", StringComparison.OrdinalIgnoreCase) ? null : ParseAlgorithm(body.Algorithm),
            KeyReference = body.KeyReference ?? current.KeyReference,
            TimestampTimeToLive = body.TimestampTimeToLiveSeconds is { } ttl ? TimeSpan.FromSeconds(ttl) : current.TimestampTimeToLive,
            AliasHeader = body.AliasHeader is null ? current.AliasHeader : body.AliasHeader.Length == 0 ? null : body.AliasHeader,
            KeyFingerprint = body.KeyFingerprint is null ? current.KeyFingerprint : body.KeyFingerprint.Length == 0 ? null : body.KeyFingerprint.ToLowerInvariant(),
        };
        if (body.Algorithm is { Length: > 0 } name && !name.Equals("auto", StringComparison.OrdinalIgnoreCase) && step.Algorithm is null)
            return Problems.Invalid($"signature algorithm '{name}' is unknown; use one of {string.Join(", ", Enum.GetNames<SignatureAlgorithm>())} or auto");
        if (keystore.Current.Find(step.Alias) is not { } entry)
            return Problems.From(new KeystoreError(KeystoreErrorCode.UnknownAlias, $"no keystore entry with alias '{step.Alias}'"));
        if (entry.Kind != EntryKind.KeyPair)
            return Problems.From(new KeystoreError(KeystoreErrorCode.NotAKeyPair, $"'{step.Alias}' holds a certificate only; the signer step needs a key pair"));
        if (step.Problem() is { } invalid) return Problems.Invalid(invalid);
        var key = step.KeyFrom(keystore.Current, step.Alias);
        if (key is null)
            return Problems.From(new KeystoreError(KeystoreErrorCode.UnknownKey, $"no key pair with fingerprint {step.KeyFingerprint} under an alias or in the key history"));
        if (step.Algorithm is { } algorithm && !key.Supports(algorithm))
            return Problems.Invalid($"the signer step's key pair cannot sign with {algorithm}");
        if (await store.UpdateAsync(step, cancellationToken) is { } problem) return Problems.Invalid(problem);
        return TypedResults.Ok(SignerStepView.Of(store.Current, keystore));
    }

    private static SignatureAlgorithm? ParseAlgorithm(string name) =>
        Enum.TryParse<SignatureAlgorithm>(name.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var a) ? a
        : AlgorithmUris.SignatureFromUri(name);
}

/// <summary>The signer step and what it currently signs with.</summary>
public sealed record SignerStepView(
    string Alias,
    string? Algorithm,
    KeyReference KeyReference,
    double TimestampTimeToLiveSeconds,
    string? AliasHeader,
    string? KeyFingerprint,
    string? Fingerprint,
    string? EffectiveAlgorithm)
{
    internal static SignerStepView Of(SignerStep step, TenantKeystore keystore)
    {
        var key = step.KeyFrom(keystore.Current, step.Alias);
        return new SignerStepView(step.Alias, step.Algorithm?.ToString(), step.KeyReference, step.TimestampTimeToLive.TotalSeconds,
            step.AliasHeader, step.KeyFingerprint, key?.Fingerprint, key is null ? null : step.SettingsFor(key).Algorithm.ToString());
    }
}

/// <summary>
/// Signer step change; null fields keep their value. Algorithm: RsaSha256/384/512, EcdsaSha256/384/512, an XML-DSig URI,
/// or "auto" (the key's default). AliasHeader: a request header that may name the alias ("" turns it off).
/// KeyFingerprint: pin a key pair (also a retired one from the key history) by its SHA-256 fingerprint ("" unpins).
/// </summary>
public sealed record SignerStepBody(string? Alias = null, string? Algorithm = null, KeyReference? KeyReference = null, double? TimestampTimeToLiveSeconds = null, string? AliasHeader = null, string? KeyFingerprint = null);
