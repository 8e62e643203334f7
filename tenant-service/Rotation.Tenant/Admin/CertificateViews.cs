using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Http.HttpResults;
using Rotation.Shared.Certificates;
using Rotation.Tenant.Keystore;

namespace Rotation.Tenant.Admin;

internal static class CertificateViews
{
    public static EntryView View(KeystoreEntry entry, TenantKeystore keystore, DateTimeOffset now)
    {
        var certificate = entry.Certificate;
        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
        var days = Math.Round((notAfter - now).TotalDays, 2);
        (var algorithm, var size) = KeyOf(certificate);
        return new EntryView(entry.Alias, entry.Kind, entry.Fingerprint, certificate.Subject, certificate.Issuer,
            CertificateInfo.SerialDecimal(certificate), certificate.SerialNumber, algorithm, size,
            new DateTimeOffset(certificate.NotBefore.ToUniversalTime()), notAfter, days, days <= keystore.Options.ExpiryWarningDays,
            entry.CreatedAt, entry.UpdatedAt)
        {
            Chain = [.. entry.Issuers.Select(i => i.Subject)],
        };
    }

    public static HistoryView View(KeyHistoryEntry retired, TenantKeystore keystore)
    {
        var certificate = retired.Certificate;
        return new HistoryView(retired.Id, retired.Alias, retired.Fingerprint, certificate.Subject, certificate.Issuer,
            CertificateInfo.SerialDecimal(certificate),
            new DateTimeOffset(certificate.NotBefore.ToUniversalTime()), new DateTimeOffset(certificate.NotAfter.ToUniversalTime()),
            retired.CreatedAt, retired.RetiredAt, keystore.PurgeableFrom(retired));
    }

    /// <summary>The certificate only, as PEM (default) or DER.</summary>
    public static Results<FileContentHttpResult, ProblemHttpResult> Download(X509Certificate2 publicCertificate, string fileStem, string? format) =>
        (format ?? "pem").ToLowerInvariant() switch
        {
            "pem" => TypedResults.File(System.Text.Encoding.ASCII.GetBytes(publicCertificate.ExportCertificatePem() + "\n"), "application/x-pem-file", fileStem + ".pem"),
            "der" or "cer" or "crt" => TypedResults.File(publicCertificate.RawData, "application/pkix-cert", fileStem + ".cer"),
            _ => Problems.Invalid($"format '{format}' is not offered; use pem or der"),
        };

    private static (string Algorithm, int Size) KeyOf(X509Certificate2 certificate)
    {
        using var rsa = certificate.GetRSAPublicKey();
        if (rsa is not null) return ("RSA", rsa.KeySize);
        using var ec = certificate.GetECDsaPublicKey();
        return ec is not null ? ("EC", ec.KeySize) : (certificate.PublicKey.Oid.FriendlyName ?? certificate.PublicKey.Oid.Value ?? "unknown", 0);
    }
}
