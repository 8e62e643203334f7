using System.Collections.Immutable;
using System.Security.Cryptography.X509Certificates;
using Rotation.Shared.Certificates;

namespace Rotation.Shared.Verification;

/// <summary>An immutable set of trusted certificates; a trust store swaps whole sets, never edits one in place.</summary>
public sealed class TrustSet
{
    public TrustSet(IEnumerable<X509Certificate2> certificates) : this(certificates, CertificateAuthorities.None) { }

    /// <param name="authorities">CAs whose certificates are trusted without pinning them (docs/DESIGN.md §12).</param>
    public TrustSet(IEnumerable<X509Certificate2> certificates, CertificateAuthorities authorities)
    {
        ArgumentNullException.ThrowIfNull(authorities);
        Authorities = authorities;
        ArgumentNullException.ThrowIfNull(certificates);
        var builder = ImmutableArray.CreateBuilder<TrustedCertificate>();
        foreach (var certificate in certificates)
        {
            var trusted = new TrustedCertificate(certificate);
            if (builder.All(t => t.Fingerprint != trusted.Fingerprint)) builder.Add(trusted);
        }
        Certificates = builder.ToImmutable();
    }

    public TrustSet(params X509Certificate2[] certificates) : this((IEnumerable<X509Certificate2>)certificates) { }

    public static TrustSet Empty { get; } = new(Array.Empty<X509Certificate2>());

    public ImmutableArray<TrustedCertificate> Certificates { get; }

    /// <summary>The trusted CAs; empty when only pinned certificates are trusted.</summary>
    public CertificateAuthorities Authorities { get; }

    /// <summary>
    /// A certificate that travels in the message: pinned (by exact encoding), else validated against the trusted CAs
    /// with <paramref name="intermediates"/> as path candidates. A rejection's message completes "the certificate … ".
    /// </summary>
    internal ChainVerdict FindOrValidate(byte[] der, IReadOnlyList<byte[]> intermediates, DateTimeOffset at)
    {
        if (FindByEncoding(der) is { } pinned) return ChainVerdict.Trusted(pinned, "pinned");
        if (Authorities.IsEmpty) return ChainVerdict.Refused(RejectReason.CertificateUntrusted, "is not in the trust set");
        X509Certificate2 signer;
        var candidates = new List<X509Certificate2>();
        try
        {
            signer = X509CertificateLoader.LoadCertificate(der);
            foreach (var intermediate in intermediates) candidates.Add(X509CertificateLoader.LoadCertificate(intermediate));
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return ChainVerdict.Refused(RejectReason.TokenMalformed, "is not a readable X.509 certificate");
        }
        using (signer)
        {
            var verdict = Authorities.Validate(signer, candidates, at);
            foreach (var candidate in candidates) candidate.Dispose();
            return verdict.Certificate is null ? verdict with { Message = $"is not pinned and {verdict.Message}" } : verdict;
        }
    }

    internal TrustedCertificate? FindByEncoding(ReadOnlySpan<byte> der)
    {
        foreach (var t in Certificates)
            if (der.SequenceEqual(t.Raw)) return t;
        return null;
    }

    internal TrustedCertificate? FindByIssuerSerial(IReadOnlyList<IReadOnlyList<DnAttribute>> issuer, string serialDecimal)
    {
        foreach (var t in Certificates)
            if (t.Serial == serialDecimal && DistinguishedName.Matches(issuer, t.Issuer)) return t;
        return null;
    }

    internal TrustedCertificate? FindBySubjectKeyIdentifier(ReadOnlySpan<byte> ski)
    {
        foreach (var t in Certificates)
            if (ski.SequenceEqual(t.SubjectKeyIdentifier)) return t;
        return null;
    }

    internal TrustedCertificate? FindByThumbprint(ReadOnlySpan<byte> sha1)
    {
        foreach (var t in Certificates)
            if (sha1.SequenceEqual(t.Sha1Thumbprint)) return t;
        return null;
    }
}
