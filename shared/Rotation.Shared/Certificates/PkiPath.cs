using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Rotation.Shared.Certificates;

/// <summary>
/// The PkiPath encoding of a certificate chain (WS-Security X.509 Token Profile 1.1, ValueType #PKIPathV1):
/// <c>PkiPath ::= SEQUENCE OF Certificate</c>, ordered from the certificate nearest the trust anchor to the signer's
/// own certificate, which comes <b>last</b>.
/// </summary>
public static class PkiPath
{
    /// <summary>At most this many certificates in a path: real ones have two to four.</summary>
    public const int MaxCertificates = 10;

    /// <summary>Encodes <paramref name="leafFirst"/> (the signer's certificate first, then its issuers, as a chain is usually listed).</summary>
    public static byte[] Encode(IReadOnlyList<X509Certificate2> leafFirst)
    {
        ArgumentNullException.ThrowIfNull(leafFirst);
        if (leafFirst.Count == 0) throw new ArgumentException("a PKIPath needs at least the signer's certificate", nameof(leafFirst));
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            for (var i = leafFirst.Count - 1; i >= 0; i--) writer.WriteEncodedValue(leafFirst[i].RawData);
        }
        return writer.Encode();
    }

    /// <summary>
    /// The certificates of a PkiPath as DER, in path order (the signer's last); null when the bytes are not a
    /// SEQUENCE OF certificates or hold more than <see cref="MaxCertificates"/>.
    /// </summary>
    public static IReadOnlyList<byte[]>? TryDecode(ReadOnlyMemory<byte> der)
    {
        try
        {
            var outer = new AsnReader(der, AsnEncodingRules.DER);
            var sequence = outer.ReadSequence();
            if (outer.HasData) return null;
            var certificates = new List<byte[]>();
            while (sequence.HasData)
            {
                if (certificates.Count == MaxCertificates) return null;
                if (sequence.PeekTag() != Asn1Tag.Sequence) return null;
                certificates.Add(sequence.ReadEncodedValue().ToArray());
            }
            return certificates.Count == 0 ? null : certificates;
        }
        catch (AsnContentException)
        {
            return null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
