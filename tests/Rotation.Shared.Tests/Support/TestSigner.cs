using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Xml;
using Rotation.Shared.WsSecurity;

namespace Rotation.Shared.Tests.Support;

/// <summary>
/// Test-only signer on top of SignedXml: signs whatever reference set, transforms and algorithms a
/// test asks for, so hostile structures carry cryptographically valid signatures and only the
/// verifier's structural checks can stop them.
/// </summary>
public static class TestSigner
{
    /// <summary>Signs and appends the ds:Signature to <paramref name="parent"/> (default: the Security header).</summary>
    public static XmlElement Sign(CraftedEnvelope envelope, AsymmetricAlgorithm key, SignatureSpec? spec = null, XmlElement? parent = null)
    {
        spec ??= new SignatureSpec();
        var signedXml = new WsuSignedXml(envelope.Document, strict: false) { SigningKey = key };
        signedXml.SignedInfo!.CanonicalizationMethod = spec.CanonicalizationMethod;
        signedXml.SignedInfo.SignatureMethod = spec.SignatureMethod;
        if (spec.SignedInfoInclusivePrefixes is { } prefixes)
            ((XmlDsigExcC14NTransform)signedXml.SignedInfo.CanonicalizationMethodObject).InclusiveNamespacesPrefixList = prefixes;
        foreach (var r in spec.References)
        {
            var reference = new Reference(r.Uri) { DigestMethod = r.DigestMethod };
            foreach (var transform in r.Transforms) reference.AddTransform(transform());
            signedXml.AddReference(reference);
        }
        var keyInfo = new KeyInfo();
        keyInfo.AddClause(new KeyInfoNode(envelope.Fragment(spec.KeyInfoXml)));
        signedXml.KeyInfo = keyInfo;
        if (spec.HmacKey is { } hmacKey)
        {
            using var hmac = new HMACSHA256(hmacKey);
            signedXml.ComputeSignature(hmac);
        }
        else
        {
            signedXml.ComputeSignature();
        }
        var signature = (XmlElement)envelope.Document.ImportNode(signedXml.GetXml(), deep: true);
        (parent ?? envelope.Security).AppendChild(signature);
        return signature;
    }

    public static XmlElement Sign(CraftedEnvelope envelope, X509Certificate2 certificate, SignatureSpec? spec = null, XmlElement? parent = null)
    {
        using var key = KeyMaterial.PrivateKeyOf(certificate);
        return Sign(envelope, key, spec, parent);
    }

    /// <summary>
    /// Recomputes SignatureValue over the SignedInfo as it now stands in the document: after a test
    /// edits SignedInfo by hand (an external URI, a digest for tampered content) the signature is
    /// valid again, so only the structural checks can catch the edit.
    /// </summary>
    public static void Resign(XmlElement signature, X509Certificate2 certificate)
    {
        var ds = new XmlNamespaceManager(signature.OwnerDocument.NameTable);
        ds.AddNamespace("ds", WsNamespaces.Ds);
        var signedInfo = (XmlElement)signature.SelectSingleNode("ds:SignedInfo", ds)!;
        var method = ((XmlElement)signedInfo.SelectSingleNode("ds:SignatureMethod", ds)!).GetAttribute("Algorithm");
        var algorithm = AlgorithmUris.SignatureFromUri(method) ?? throw new ArgumentException($"cannot resign with {method}");
        var inclusive = signedInfo.SelectSingleNode("ds:CanonicalizationMethod", ds)?.FirstChild is XmlElement { LocalName: "InclusiveNamespaces" } list
            ? list.GetAttribute("PrefixList").Split(' ', StringSplitOptions.RemoveEmptyEntries)
            : null;
        var canonical = OracleCanonicalizer.Canonicalize(signedInfo, inclusive);
        var hash = AlgorithmUris.HashOf(algorithm);
        byte[] value;
        using (var rsa = certificate.GetRSAPrivateKey())
        using (var ec = certificate.GetECDsaPrivateKey())
        {
            value = rsa is not null
                ? rsa.SignData(canonical, hash, RSASignaturePadding.Pkcs1)
                : ec!.SignData(canonical, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        signature.SelectSingleNode("ds:SignatureValue", ds)!.InnerText = Convert.ToBase64String(value);
    }

    /// <summary>The exc-c14n digest of an element in context, as a DigestValue carries it.</summary>
    public static string Digest(XmlElement element, HashAlgorithmName hash)
    {
        var canonical = OracleCanonicalizer.Canonicalize(element);
        return Convert.ToBase64String(hash.Name switch
        {
            "SHA384" => SHA384.HashData(canonical),
            "SHA512" => SHA512.HashData(canonical),
            "SHA1" => SHA1.HashData(canonical),
            _ => SHA256.HashData(canonical),
        });
    }
}
