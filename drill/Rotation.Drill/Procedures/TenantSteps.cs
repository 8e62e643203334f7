using System.Security.Cryptography.X509Certificates;
using Rotation.Drill.Tenants;
using Rotation.Shared.Certificates;
using Rotation.Drill.Running;
using Rotation.Hosting.Storage;

namespace Rotation.Drill.Procedures;

/// <summary>The tenant administrator's sentences of the renewal procedures.</summary>
public static class TenantSteps
{
    public static DrillStep CreateKeyPair() => new(Role.TenantAdministrator, "Create a new key pair.", async (c, ct) =>
    {
        var stamp = c.Time.GetUtcNow().ToString("yyyyMMdd-HHmmss");
        c.NewAlias = $"{c.Alias}-renewal-{stamp}";
        // Real renewals keep the subject (the default): old and new then differ only in serial, validity and key.
        var subject = new RenewalSubject(NewSubjectOf(c, stamp));
        var created = await c.Tenant.CreateRenewalKeyAsync(c.SigningKey, c.NewAlias, subject, c.Settings.KeySize ?? c.KeySize, ct);
        if (created.Fingerprint == c.OldFingerprint) throw new StepCheckFailed("the new key pair has the old certificate");
        c.Renewal = created;
        c.NewFingerprint = created.Fingerprint;
        // The sender's checks of the new key may reach any node: every one must hold it first.
        var deployed = await c.AllDeployedAsync(ct);
        return $"'{c.NewAlias}' {created.Where}: {created.KeyAlgorithm} {created.KeySize}, {created.Subject}, {c.Short(created.Fingerprint)}" +
            (deployed.Cluster ? $"; deployed on {deployed.Nodes.Count} node(s)" : "");
    });

    public static DrillStep ProvideCertificate() => new(Role.TenantAdministrator, "Hand the new certificate to the sender.", async (c, ct) =>
    {
        c.NewCertificatePem = CertificateHandover.Checked(await c.Tenant.RenewalCertificatePemAsync(c.Renewal!, ct), c.NewFingerprint);
        return $"PEM certificate of '{c.NewAlias}' (no private key), {c.Short(c.NewFingerprint)}";
    });

    public static DrillStep AgreeDowntime() => new(Role.TenantAdministrator, "Agree a downtime with the sender.", (c, _) =>
        Task.FromResult($"at most {c.Settings.MaxDowntime.TotalSeconds:0.#} s without messages, starting now"));

    public static DrillStep EnsureNoOldMessages() => new(Role.TenantAdministrator, "Ensure no message signed with the old key is still in the system.", (c, ct) =>
        c.Tenant.EnsureNoOldMessagesAsync(c.OldFingerprint, ct));

    public static DrillStep ExchangeKeepingAlias() => new(Role.TenantAdministrator, "Exchange the key pair, keeping the alias.", async (c, ct) =>
    {
        var exchange = await c.Tenant.ExchangeAsync(c.SigningKey, c.Renewal!, ct);
        c.ExchangedAt = c.Time.GetUtcNow();
        c.Retired = exchange.Retired;
        c.RenameWindow = exchange.Window;
        // From the acknowledgement on, the change travels to every node; Inform waits for it (or, as a mistake, does not).
        c.Deployment = DeploymentWatch.FollowAsync(c.Tenant, c.ExchangedAt.Value, c.Settings.DeployTimeout, c.Time, ct);
        var now = await c.Tenant.SigningKeyAsync(ct);
        if (now.Fingerprint != c.NewFingerprint)
            throw new StepCheckFailed($"'{c.Alias}' holds {c.Short(now.Fingerprint)}, not the new key");
        if (exchange.Retired is { } retired && retired.Fingerprint != c.OldFingerprint)
            throw new StepCheckFailed("the key history did not receive the old key pair");
        return $"'{c.Alias}' now signs with {c.Short(c.NewFingerprint)}; {exchange.How}";
    })
    { Observe = true };

    /// <summary>Only once every node serves the exchange (docs/DESIGN.md §8): before that, some responses still carry the old key.</summary>
    public static DrillStep Inform() => new(Role.TenantAdministrator, InformSentence, async (c, ct) =>
    {
        var deployment = await (c.Deployment ?? throw new StepCheckFailed("the key pair was not exchanged"));
        if (!deployment.Complete)
            throw new StepCheckFailed($"not every tenant node deployed the exchange (generation {deployment.Generation}) within {c.Settings.DeployTimeout.TotalSeconds:0.#} s: {deployment.Describe()}");
        var now = await c.Tenant.SigningKeyAsync(ct);
        return $"signer step '{now.Alias}' signs with {c.Short(now.Fingerprint)}" + (now.Signer.EffectiveAlgorithm is { } algorithm ? $" ({algorithm})" : "") + "; " +
            (deployment.Cluster ? $"every node deployed generation {deployment.Generation}: {deployment.Describe()}" : deployment.Describe());
    });

    /// <summary>The mistake: the exchange is stored, so the administrator informs at once, while a node still signs with the old key.</summary>
    public static DrillStep InformBeforeDeployed() => new(Role.TenantAdministrator, InformSentence, async (c, ct) =>
    {
        var cluster = await c.Tenant.ClusterAsync(ct);
        var deployed = cluster?.Nodes.Count(n => n.DeployedGeneration >= cluster.StoredGeneration);
        return cluster is null ? "without looking at the nodes (single node)"
            : $"without waiting for the nodes: {deployed} of {cluster.Nodes.Count} serve generation {cluster.StoredGeneration} now " +
              $"({string.Join(", ", cluster.Nodes.Select(n => $"{n.Name} {n.Status}"))})";
    });

    private const string InformSentence = "Inform the sender that the exchange is done.";

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
        var password = SecretFile.NewSecret();
        var pkcs12 = Convert.ToBase64String(certificate.ExportPkcs12(Pkcs12ExportPbeParameters.Pbes2Aes256Sha256, password));
        var imported = await c.AdminApi.ImportKeyPairAsync(c.NewAlias, pkcs12, password, ct);
        if (imported.Fingerprint != CertificateInfo.Fingerprint(certificate)) throw new StepCheckFailed("the tenant holds another certificate than the one imported");
        c.NewFingerprint = imported.Fingerprint;
        c.Renewal = new RenewalKey(c.NewAlias, imported.Fingerprint, imported.Subject, imported.KeyAlgorithm, imported.KeySize, "on the tenant (imported, short-lived)");
        c.ShortLivedUntil = new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
        await c.AdminApi.SetAliasHeaderAsync(c.Settings.AliasHeader, [c.Alias, c.NewAlias], ct);
        return $"'{c.NewAlias}': {imported.KeyAlgorithm} {imported.KeySize}, {imported.Subject}, {c.Short(imported.Fingerprint)}, valid until {c.ShortLivedUntil:HH:mm:ss} UTC";
    });

    /// <summary>The expiry scenario's last step: traffic goes on past the certificate's expiry; the sender must reject what the platform still signs.</summary>
    public static DrillStep KeepSigningPastExpiry() => new(Role.TenantAdministrator, "Keep signing after the certificate expires (the platform does not stop).", async (c, ct) =>
    {
        var until = c.ShortLivedUntil ?? throw new StepCheckFailed("no short-lived certificate was imported");
        var watchUntil = until + c.Settings.Phase + TimeSpan.FromSeconds(1.5);
        await c.Time.UntilAsync(watchUntil, ct);
        var signer = await c.AdminApi.SignerStepAsync(ct);
        if (signer.Fingerprint != c.NewFingerprint) throw new StepCheckFailed($"the tenant signs with {c.Short(signer.Fingerprint)}, not the expired certificate");
        var statistics = await c.Sender.StatisticsAsync(ct);
        var expired = statistics.Traffic.Errors?.FirstOrDefault(e => e.Code == "CertificateExpired");
        if (expired is null) throw new StepCheckFailed($"the certificate expired at {until:HH:mm:ss.fff} UTC, yet the sender rejected no response as CertificateExpired");
        return $"the tenant still signs with {c.Short(signer.Fingerprint)}, expired at {until:HH:mm:ss.fff} UTC; the sender rejected {expired.Count} responses as {expired.Code} from {expired.FirstAt:HH:mm:ss.fff} UTC: {expired.Message}";
    });

    private static string NewSubjectOf(DrillContext c, string stamp) => c.Settings.NewSubject == NewSubject.Same ? c.OldSubject : RenewedSubject(c.OldSubject, stamp);

    /// <summary>A subject that says which renewal made it, so both administrators can tell the certificates apart.</summary>
    internal static string RenewedSubject(string oldSubject, string stamp)
    {
        var parts = oldSubject.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !p.StartsWith("OU=Renewal ", StringComparison.OrdinalIgnoreCase));
        return string.Join(", ", parts.Append($"OU=Renewal {stamp}"));
    }
}
