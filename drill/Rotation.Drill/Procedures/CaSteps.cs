using System.Security.Cryptography.X509Certificates;
using Rotation.Sender.Contracts;
using Rotation.Shared.Certificates;

namespace Rotation.Drill.Procedures;

/// <summary>
/// The overlap procedure's sentences when a CA issues the tenant's certificates and the sender trusts the CA
/// (docs/DESIGN.md §12): the tenant has its CSR signed and imports the chain; the sender changes nothing, it checks.
/// </summary>
public static class CaSteps
{
    public const string CheckOnlyMark = " (check only: no trust change)";

    /// <summary>CSR of the new key pair → the CA signs it (in the other-ca mistake, another CA) → the chain is imported onto the key pair.</summary>
    public static DrillStep HaveSigned() => new(Role.TenantAdministrator, "Have the new key pair's CSR signed by the CA and import the chain.", async (c, ct) =>
    {
        var ca = c.Issuing ?? throw new StepCheckFailed("no CA to sign with (the drill runs without --ca)");
        var csr = await c.AdminApi.SigningRequestAsync(c.NewAlias!, ct);
        using var issued = ca.Sign(csr, c.Time.GetUtcNow().AddMinutes(-5), TimeSpan.FromDays(397));
        var imported = await c.AdminApi.ImportChainAsync(c.NewAlias!, ca.ChainPem(issued), ct);
        if (imported.Fingerprint != CertificateInfo.Fingerprint(issued)) throw new StepCheckFailed("the tenant did not take the CA-issued certificate");
        if (imported.Chain.Count != 1 || imported.Chain[0] != ca.Certificate.Subject)
            throw new StepCheckFailed($"the tenant keeps the chain {string.Join(" → ", imported.Chain)}, not the CA's");
        c.NewFingerprint = imported.Fingerprint;
        return $"'{c.NewAlias}' now holds a certificate issued by {ca.Certificate.Subject}: serial {imported.SerialNumber}, {c.Short(imported.Fingerprint)}";
    });

    /// <summary>Instead of trusting the new certificate: the trust store is unchanged and a response signed with the new key verifies through the CA.</summary>
    public static DrillStep CheckNewChainsToCa() => new(Role.SenderAdministrator, "Check that the new certificate chains to the trusted CA" + CheckOnlyMark + ".", async (c, ct) =>
    {
        var trust = await UnchangedTrustAsync(c, ct);
        var signedWithNew = await c.Tenant.CallFlowAsync(c.NewAlias!, ct);
        var verdict = await c.KeepSampleAsync("new-key", "signed with the new key (through the dynamic alias header, before the exchange)", signedWithNew, ct);
        if (!verdict.Verified || verdict.Fingerprint != c.NewFingerprint)
            throw new StepCheckFailed($"a response signed with the new key did not verify: {verdict.Reason}: {verdict.Message}");
        return $"trust store unchanged (basis {trust.Basis}, revision {trust.Revision}); a response signed with the new key verified by {c.Short(verdict.Fingerprint)} through the CA";
    });

    /// <summary>Instead of removing the old certificate: nothing to remove, the CA stays trusted, and the live probe verifies with the new key.</summary>
    public static DrillStep CheckNothingToRemove() => new(Role.SenderAdministrator, "Check that there is no old certificate to remove" + CheckOnlyMark + ".", async (c, ct) =>
    {
        var trust = await UnchangedTrustAsync(c, ct);
        var probe = await c.Sender.ProbeAsync(c.Settings.ProbeCount, ct);
        if (probe.Verified != probe.Count || !probe.VerifiedBy.ContainsKey(c.NewFingerprint!))
            throw new StepCheckFailed($"probe: {probe.Verified}/{probe.Count} verified, by {string.Join(", ", probe.VerifiedBy.Keys.Select(c.Short))}");
        return $"trust store unchanged (basis {trust.Basis}, revision {trust.Revision}); probe {probe.Verified}/{probe.Count} verified by the new key";
    });

    private static async Task<TrustStoreView> UnchangedTrustAsync(DrillContext c, CancellationToken ct)
    {
        var trust = await c.Sender.TrustAsync(ct);
        if (trust.Revision != c.TrustRevisionAtStart)
            throw new StepCheckFailed($"the trust store changed during the procedure (revision {c.TrustRevisionAtStart} → {trust.Revision})");
        if (trust.Basis != "ca") throw new StepCheckFailed($"the sender trusts by '{trust.Basis}', not by CA only");
        return trust;
    }

    /// <summary>The CA's certificate in the form the sender administrator receives it.</summary>
    public static string Pem(TestCertificateAuthority ca) => CertificateInfo.ToPem(ca.Certificate);

    internal static bool IssuedBy(X509Certificate2 certificate, TestCertificateAuthority ca) =>
        certificate.IssuerName.RawData.AsSpan().SequenceEqual(ca.Certificate.SubjectName.RawData);
}
