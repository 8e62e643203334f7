using Microsoft.AspNetCore.Http.HttpResults;
using Rotation.Shared.WsSecurity;
using Rotation.Tenant.Keystore;
using Rotation.Tenant.Signing;
using Rotation.Tenant.State;

namespace Rotation.Tenant.Admin;

/// <summary>/admin/signer: the signer step of the integration flow (alias, algorithm, key reference, timestamp TTL, alias header); part of the tenant state.</summary>
internal static class SignerApi
{
    public static RouteGroupBuilder MapSignerApi(this RouteGroupBuilder admin)
    {
        var signer = admin.MapGroup("/signer").WithTags("Signer step").VersionedByState();
        signer.MapGet("/", Get).WithName("GetSignerStep").WithSummary("The signer step and the key it signs with now");
        signer.MapPut("/", Put).WithName("SetSignerStep").WithSummary("Change the signer step (alias, algorithm, key reference, timestamp TTL, alias header and its allowed aliases, pinned key)");
        return admin;
    }

    private static Ok<SignerStepView> Get(LiveTenantState state, AdminRequest admin)
    {
        var current = state.Current;
        return TypedResults.Ok(admin.Saw(SignerStepView.Of(current), current.Generation));
    }

    /// <summary>Changes the signer step. Omitted fields keep their committed value; the alias must name a key pair (checked at the commit point).</summary>
    private static async Task<Results<Ok<SignerStepView>, ProblemHttpResult>> Put(SignerStepBody body, SignerStepService signerStep, LiveTenantState state, AdminRequest admin, CancellationToken cancellationToken)
    {
        var auto = body.Algorithm is not null && (body.Algorithm.Length == 0 || body.Algorithm.Equals("auto", StringComparison.OrdinalIgnoreCase));
        var algorithm = body.Algorithm is null || auto ? null : ParseAlgorithm(body.Algorithm);
        if (body.Algorithm is not null && !auto && algorithm is null)
            return Problems.Invalid($"signature algorithm '{body.Algorithm}' is unknown; use one of {string.Join(", ", Enum.GetNames<SignatureAlgorithm>())} or auto");
        if (body.AllowedAliases is { } allowed && allowed.Any(a => a is null))
            return Problems.Invalid("allowedAliases must be a list of aliases");
        var change = new SignerStepChange
        {
            Alias = body.Alias,
            SetsAlgorithm = body.Algorithm is not null,
            Algorithm = algorithm,
            KeyReference = body.KeyReference,
            TokenFormat = body.TokenFormat,
            TimestampTimeToLive = body.TimestampTimeToLiveSeconds is { } ttl ? TimeSpan.FromSeconds(ttl) : null,
            AliasHeader = body.AliasHeader,
            AllowedAliases = body.AllowedAliases?.Select(a => a!).ToArray(),
            KeyFingerprint = body.KeyFingerprint,
        };
        var changed = await signerStep.ChangeAsync(admin.Change, change, cancellationToken);
        if (!changed.Succeeded) return Problems.From(changed.Error!);
        // The view is of the committed step, with the keystore of the state it was committed in.
        var current = state.Current;
        var view = current.Generation == changed.Value!.Generation ? SignerStepView.Of(current) : SignerStepView.Of(current with { SignerStep = changed.Value.Value });
        return TypedResults.Ok(admin.Saw(view, changed.Value.Generation));
    }

    private static SignatureAlgorithm? ParseAlgorithm(string name) =>
        Enum.TryParse<SignatureAlgorithm>(name.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var a) && Enum.IsDefined(a) ? a
        : AlgorithmUris.SignatureFromUri(name);
}

/// <summary>The signer step and what it currently signs with.</summary>
public sealed record SignerStepView(
    string Alias,
    string? Algorithm,
    KeyReference KeyReference,
    double TimestampTimeToLiveSeconds,
    string? AliasHeader,
    IReadOnlyList<string> AllowedAliases,
    string? KeyFingerprint,
    string? Fingerprint,
    string? EffectiveAlgorithm)
{
    /// <summary>With a BinarySecurityToken: X509v3 (the certificate alone) or PkiPath (the chain, the certificate last).</summary>
    public TokenFormat TokenFormat { get; init; }

    internal static SignerStepView Of(TenantState state)
    {
        var step = state.SignerStep;
        var key = state.SigningKey;
        return new SignerStepView(step.Alias, step.Algorithm?.ToString(), step.KeyReference, step.TimestampTimeToLive.TotalSeconds,
            step.AliasHeader, step.AllowedAliases, step.KeyFingerprint, key?.Fingerprint, key is null ? null : step.SettingsFor(key).Algorithm.ToString())
        {
            TokenFormat = step.TokenFormat,
        };
    }
}

/// <summary>
/// Signer step change; null fields keep their value. Algorithm: RsaSha256/384/512, EcdsaSha256/384/512, an XML-DSig URI,
/// or "auto" (the key's default). AliasHeader: a request header that may name the alias ("" turns it off);
/// AllowedAliases: the aliases that header may name besides the step's own alias ([] = only that one).
/// KeyFingerprint: pin a key pair (also a retired one from the key history) by its SHA-256 fingerprint ("" unpins).
/// TokenFormat: X509v3 (the certificate alone) or PkiPath (the certificate with the issuers of its CA's signing response).
/// </summary>
public sealed record SignerStepBody(string? Alias = null, string? Algorithm = null, KeyReference? KeyReference = null, double? TimestampTimeToLiveSeconds = null, string? AliasHeader = null, string?[]? AllowedAliases = null, string? KeyFingerprint = null,
    TokenFormat? TokenFormat = null);
