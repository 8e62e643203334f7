using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Rotation.Shared.Certificates;

namespace Rotation.Shared.Verification;

/// <summary>
/// The CAs a trust set trusts (docs/DESIGN.md §12): a certificate that is not pinned is accepted when it chains to one
/// of them — path validation with <see cref="X509Chain"/> against these roots only (never the system's), validity
/// periods of every certificate in the path at the verification time, and key usage digitalSignature on the signer's
/// certificate. Revocation is not checked (no CRL or OCSP: out of scope, and nothing may be fetched).
/// Immutable but for a cache of paths already validated, so a busy sender builds each signer's chain once.
/// </summary>
public sealed class CertificateAuthorities
{
    private const int MaxCachedPaths = 256;

    private readonly X509Certificate2Collection _roots;
    private readonly ConcurrentDictionary<string, ValidatedPath> _validated = new(StringComparer.Ordinal);

    public CertificateAuthorities(IEnumerable<X509Certificate2> authorities)
    {
        ArgumentNullException.ThrowIfNull(authorities);
        var builder = ImmutableArray.CreateBuilder<X509Certificate2>();
        foreach (var authority in authorities)
        {
            // Public part only, once each.
            var copy = X509CertificateLoader.LoadCertificate(authority.RawData);
            if (builder.All(a => !a.RawData.AsSpan().SequenceEqual(copy.RawData))) builder.Add(copy);
        }
        Certificates = builder.ToImmutable();
        _roots = [.. Certificates];
    }

    public static CertificateAuthorities None { get; } = new([]);

    public ImmutableArray<X509Certificate2> Certificates { get; }

    public bool IsEmpty => Certificates.IsEmpty;

    /// <summary>
    /// Validates the path from <paramref name="signer"/> (with <paramref name="intermediates"/> as candidates for the
    /// path, e.g. the rest of a PkiPath token) to one of the trusted CAs at <paramref name="at"/>.
    /// </summary>
    public ChainVerdict Validate(X509Certificate2 signer, IReadOnlyList<X509Certificate2> intermediates, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(signer);
        if (IsEmpty) return ChainVerdict.Refused(RejectReason.CertificateUntrusted, "no CA is trusted");
        var fingerprint = CertificateInfo.Fingerprint(signer);
        var utc = at.UtcDateTime;
        if (_validated.TryGetValue(fingerprint, out var known) && utc >= known.From && utc <= known.Until)
            return ChainVerdict.Trusted(known.Certificate, known.Authority);

        if (NotForSigning(signer) is { } usage) return ChainVerdict.Refused(RejectReason.CertificateNotForSigning, usage);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_roots);
        chain.ChainPolicy.ExtraStore.AddRange(intermediates.ToArray());
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = utc;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        bool built;
        try { built = chain.Build(signer); }
        catch (CryptographicException e) { return ChainVerdict.Refused(RejectReason.CertificateUntrusted, $"its chain cannot be built: {e.Message}"); }

        var elements = chain.ChainElements.Select(e => e.Certificate).ToList();
        if (!built) return Refusal(chain, elements, utc);
        var authority = elements[^1];
        var trusted = new TrustedCertificate(signer);
        if (_validated.Count >= MaxCachedPaths) _validated.Clear();
        _validated[fingerprint] = new ValidatedPath(trusted, authority.Subject,
            elements.Max(e => e.NotBefore.ToUniversalTime()), elements.Min(e => e.NotAfter.ToUniversalTime()));
        return ChainVerdict.Trusted(trusted, authority.Subject);
    }

    /// <summary>A signer certificate whose key usage excludes digitalSignature may not sign messages; no key usage extension means no restriction (RFC 5280 §4.2.1.3).</summary>
    private static string? NotForSigning(X509Certificate2 signer)
    {
        var usage = signer.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault();
        return usage is null || usage.KeyUsages.HasFlag(X509KeyUsageFlags.DigitalSignature)
            ? null
            : $"its key usage ({usage.KeyUsages}) does not include digitalSignature";
    }

    private static ChainVerdict Refusal(X509Chain chain, List<X509Certificate2> elements, DateTime at)
    {
        for (var i = 0; i < chain.ChainElements.Count; i++)
        {
            var element = chain.ChainElements[i];
            if (!element.ChainElementStatus.Any(s => s.Status == X509ChainStatusFlags.NotTimeValid)) continue;
            var who = i == 0 ? "the certificate" : $"its issuer {element.Certificate.Subject}";
            return at < element.Certificate.NotBefore.ToUniversalTime()
                ? ChainVerdict.Refused(RejectReason.CertificateNotYetValid, $"{who} is valid from {element.Certificate.NotBefore.ToUniversalTime():O}")
                : ChainVerdict.Refused(RejectReason.CertificateExpired, $"{who} expired at {element.Certificate.NotAfter.ToUniversalTime():O}");
        }
        var statuses = chain.ChainStatus.Select(s => s.Status).Where(s => s != X509ChainStatusFlags.NoError).Distinct().ToList();
        var top = elements.Count > 0 ? elements[^1].Subject : "nothing";
        return ChainVerdict.Refused(RejectReason.CertificateUntrusted,
            $"it does not chain to a trusted CA (path ends at {top}: {string.Join(", ", statuses)})");
    }

    private sealed record ValidatedPath(TrustedCertificate Certificate, string Authority, DateTime From, DateTime Until);
}

/// <summary>The outcome of validating a certificate's path to a trusted CA: the certificate to verify with, or why not.</summary>
public sealed record ChainVerdict(TrustedCertificate? Certificate, string? Authority, RejectReason Reason, string Message)
{
    public static ChainVerdict Trusted(TrustedCertificate certificate, string authority) => new(certificate, authority, RejectReason.None, $"chains to the trusted CA {authority}");
    public static ChainVerdict Refused(RejectReason reason, string message) => new(null, null, reason, message);
}
