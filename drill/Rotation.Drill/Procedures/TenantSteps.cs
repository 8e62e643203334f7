using System.Security.Cryptography.X509Certificates;
using Rotation.Shared.Certificates;

namespace Rotation.Drill.Procedures;

/// <summary>The tenant administrator's sentences of the renewal procedures.</summary>
public static class TenantSteps
{
    public static DrillStep CreateKeyPair() => new(Role.TenantAdministrator, "Create a new key pair.", async (c, ct) =>
    {
        var stamp = c.Time.GetUtcNow().ToString("yyyyMMdd-HHmmss");
        c.NewAlias = $"{c.Alias}-renewal-{stamp}";
        var subject = c.Settings.NewSubject == NewSubject.Same ? c.OldSubject : RenewedSubject(c.OldSubject, stamp);
        var created = await c.Tenant.CreateKeyPairAsync(c.NewAlias, subject, c.KeyAlgorithm, c.Settings.KeySize ?? c.KeySize, ct);
        if (created.Kind != "KeyPair") throw new StepCheckFailed($"'{c.NewAlias}' is a {created.Kind}, not a key pair");
        if (created.Fingerprint == c.OldFingerprint) throw new StepCheckFailed("the new key pair has the old certificate");
        c.NewFingerprint = created.Fingerprint;
        // The tenant's alias header may name only the aliases allowed with it: the old and the new one.
        await c.Tenant.SetAliasHeaderAsync(c.Settings.AliasHeader, [c.Alias, c.NewAlias], ct);
        return $"'{c.NewAlias}': {created.KeyAlgorithm} {created.KeySize}, {created.Subject}, {c.Short(created.Fingerprint)}";
    });

    public static DrillStep ProvideCertificate() => new(Role.TenantAdministrator, "Hand the new certificate to the sender.", async (c, ct) =>
    {
        var pem = await c.Tenant.CertificatePemAsync(c.NewAlias!, ct);
        using var certificate = X509Certificate2.CreateFromPem(pem);
        if (certificate.HasPrivateKey || pem.Contains("PRIVATE KEY", StringComparison.Ordinal))
            throw new StepCheckFailed("the download carried private key material");
        if (CertificateInfo.Fingerprint(certificate) != c.NewFingerprint)
            throw new StepCheckFailed("the downloaded certificate is not the new key pair's");
        c.NewCertificatePem = pem;
        return $"PEM certificate of '{c.NewAlias}' (no private key), {c.Short(c.NewFingerprint)}";
    });

    public static DrillStep AgreeDowntime() => new(Role.TenantAdministrator, "Agree a downtime with the sender.", (c, _) =>
        Task.FromResult($"at most {c.Settings.MaxDowntime.TotalSeconds:0.#} s without messages, starting now"));

    public static DrillStep EnsureNoOldMessages() => new(Role.TenantAdministrator, "Ensure no message signed with the old key is still in the system.", async (c, ct) =>
    {
        var drain = await c.Tenant.WaitUntilDrainedAsync(c.OldFingerprint, c.Settings.DrainTimeout, ct);
        if (!drain.Drained) throw new StepCheckFailed($"{drain.InFlight} messages signed with the old key are still in flight after {c.Settings.DrainTimeout.TotalSeconds:0} s");
        return $"in-flight view: no message signed with {c.Short(c.OldFingerprint)}";
    });

    public static DrillStep ExchangeKeepingAlias() => new(Role.TenantAdministrator, "Exchange the key pair, keeping the alias.", async (c, ct) =>
    {
        var exchange = await c.Tenant.ExchangeAsync(c.Alias, c.NewAlias!, ct);
        c.ExchangedAt = c.Time.GetUtcNow();
        c.Retired = exchange.Retired;
        var signer = await c.Tenant.SignerStepAsync(ct);
        if (signer.Fingerprint != c.NewFingerprint)
            throw new StepCheckFailed($"the signer step on '{c.Alias}' signs with {c.Short(signer.Fingerprint)}, not the new key");
        if (exchange.Retired.Fingerprint != c.OldFingerprint)
            throw new StepCheckFailed("the key history did not receive the old key pair");
        return $"'{c.Alias}' now signs with {c.Short(c.NewFingerprint)}; old key pair in the key history (retired {exchange.Retired.RetiredAt:HH:mm:ss.fff}, purgeable from {exchange.Retired.PurgeableFrom:yyyy-MM-dd})";
    })
    { Observe = true };

    public static DrillStep Inform() => new(Role.TenantAdministrator, "Inform the sender that the exchange is done.", async (c, ct) =>
    {
        var signer = await c.Tenant.SignerStepAsync(ct);
        return $"signer step '{signer.Alias}' signs with {c.Short(signer.Fingerprint)} ({signer.EffectiveAlgorithm})";
    });

    /// <summary>A subject that says which renewal made it, so both administrators can tell the certificates apart.</summary>
    private static string RenewedSubject(string oldSubject, string stamp)
    {
        var parts = oldSubject.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !p.StartsWith("OU=Renewal ", StringComparison.OrdinalIgnoreCase));
        return string.Join(", ", parts.Append($"OU=Renewal {stamp}"));
    }
}
