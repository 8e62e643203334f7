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
        var subject = NewSubjectOf(c, stamp);
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

    /// <summary>
    /// The expiry scenario's first step (docs/DESIGN.md §13): a renewal key pair whose certificate lives only long enough
    /// for the overlap steps before and after the exchange — four phases and ten seconds — made here and imported as
    /// PKCS#12, because the tenant creates certificates valid for whole days only.
    /// </summary>
    public static DrillStep ImportShortLivedKeyPair() => new(Role.TenantAdministrator, "Import a short-lived key pair (its certificate expires during the run).", async (c, ct) =>
    {
        var now = c.Time.GetUtcNow();
        var stamp = now.ToString("yyyyMMdd-HHmmss");
        c.NewAlias = $"{c.Alias}-renewal-{stamp}";
        if (!KeyAlgorithmText.TryParse($"{c.KeyAlgorithm}{c.Settings.KeySize ?? c.KeySize}", out var algorithm))
            throw new StepCheckFailed($"the tenant's key {c.KeyAlgorithm} {c.KeySize} cannot be made here");
        var notAfter = now + 4 * c.Settings.Phase + TimeSpan.FromSeconds(10);
        using var certificate = CertificateFactory.CreateSelfSigned(NewSubjectOf(c, stamp), algorithm, now.AddMinutes(-1), notAfter);
        var password = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var pkcs12 = Convert.ToBase64String(certificate.ExportPkcs12(Pkcs12ExportPbeParameters.Pbes2Aes256Sha256, password));
        var imported = await c.Tenant.ImportKeyPairAsync(c.NewAlias, pkcs12, password, ct);
        if (imported.Fingerprint != CertificateInfo.Fingerprint(certificate)) throw new StepCheckFailed("the tenant holds another certificate than the one imported");
        c.NewFingerprint = imported.Fingerprint;
        c.ShortLivedUntil = new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
        await c.Tenant.SetAliasHeaderAsync(c.Settings.AliasHeader, [c.Alias, c.NewAlias], ct);
        return $"'{c.NewAlias}': {imported.KeyAlgorithm} {imported.KeySize}, {imported.Subject}, {c.Short(imported.Fingerprint)}, valid until {c.ShortLivedUntil:HH:mm:ss} UTC";
    });

    /// <summary>The expiry scenario's last step: traffic goes on past the certificate's expiry; the sender must reject what the platform still signs.</summary>
    public static DrillStep KeepSigningPastExpiry() => new(Role.TenantAdministrator, "Keep signing after the certificate expires (the platform does not stop).", async (c, ct) =>
    {
        var until = c.ShortLivedUntil ?? throw new StepCheckFailed("no short-lived certificate was imported");
        var watchUntil = until + c.Settings.Phase + TimeSpan.FromSeconds(1.5);
        var remaining = watchUntil - c.Time.GetUtcNow();
        if (remaining > TimeSpan.Zero) await Task.Delay(remaining, c.Time, ct);
        var signer = await c.Tenant.SignerStepAsync(ct);
        if (signer.Fingerprint != c.NewFingerprint) throw new StepCheckFailed($"the tenant signs with {c.Short(signer.Fingerprint)}, not the expired certificate");
        var statistics = await c.Sender.StatisticsAsync(ct);
        var expired = statistics.Traffic.Errors?.FirstOrDefault(e => e.Code == "CertificateExpired");
        if (expired is null) throw new StepCheckFailed($"the certificate expired at {until:HH:mm:ss.fff} UTC, yet the sender rejected no response as CertificateExpired");
        return $"the tenant still signs with {c.Short(signer.Fingerprint)}, expired at {until:HH:mm:ss.fff} UTC; the sender rejected {expired.Count} responses as {expired.Code} from {expired.FirstAt:HH:mm:ss.fff} UTC: {expired.Message}";
    });

    private static string NewSubjectOf(DrillContext c, string stamp) => c.Settings.NewSubject == NewSubject.Same ? c.OldSubject : RenewedSubject(c.OldSubject, stamp);

    /// <summary>A subject that says which renewal made it, so both administrators can tell the certificates apart.</summary>
    private static string RenewedSubject(string oldSubject, string stamp)
    {
        var parts = oldSubject.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !p.StartsWith("OU=Renewal ", StringComparison.OrdinalIgnoreCase));
        return string.Join(", ", parts.Append($"OU=Renewal {stamp}"));
    }
}
