using Rotation.Hosting.Audit;
using Rotation.Sender.Keys;
using Rotation.Sender.Trust;

namespace Rotation.Sender.Admin;

/// <summary>
/// /admin/audit: the trust store's changes; /admin/audit/keystore: the keystore's. Newest last (who, when, what,
/// fingerprints before and after): two trails of two record shapes, each as its store writes it.
/// </summary>
public static class AuditApi
{
    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder admin)
    {
        admin.MapAuditTrail<TrustStore, TrustAuditRecord>("/audit", (trust, last, cancellationToken) => trust.AuditAsync(last, cancellationToken)).WithName("ReadAudit");
        admin.MapAuditTrail<SenderKeystore, KeystoreAuditRecord>("/audit/keystore", (keystore, last, cancellationToken) => keystore.AuditAsync(last, cancellationToken))
            .WithName("ReadKeystoreAudit");
        return admin;
    }
}
