using System.Collections.Immutable;
using System.Security.Cryptography.X509Certificates;
using Rotation.Shared.Certificates;

namespace Rotation.Shared.Verification;

/// <summary>An immutable set of trusted certificates; a trust store swaps whole sets, never edits one in place.</summary>
public sealed class TrustSet
{
    public TrustSet(IEnumerable<X509Certificate2> certificates)
    {
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
