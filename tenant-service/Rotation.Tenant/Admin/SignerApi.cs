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
        return TypedResults.Ok(admin.Saw(StateViews.SignerStep(current), current.Generation));
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
        var view = current.Generation == changed.Value!.Generation ? StateViews.SignerStep(current) : StateViews.SignerStep(current with { SignerStep = changed.Value.Value });
        return TypedResults.Ok(admin.Saw(view, changed.Value.Generation));
    }

    private static SignatureAlgorithm? ParseAlgorithm(string name) =>
        Enum.TryParse<SignatureAlgorithm>(name.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var a) && Enum.IsDefined(a) ? a
        : AlgorithmUris.SignatureFromUri(name);
}
