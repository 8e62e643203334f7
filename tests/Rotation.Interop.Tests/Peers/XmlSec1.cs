using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Rotation.Interop.Tests.Infrastructure;
using Rotation.Shared.WsSecurity;
using Rotation.Testing.Processes;

namespace Rotation.Interop.Tests.Peers;

/// <summary>What xmlsec1 --verify concluded, and the canonical bytes it digested for each reference.</summary>
public sealed record XmlSec1Verdict(ProcessOutcome Outcome, IReadOnlyList<string> DigestedParts)
{
    /// <summary>xmlsec1 prints "OK" on stderr and exits 0 only when every reference and the signature verify.</summary>
    public bool Verified => Outcome.Succeeded && Outcome.StandardError.Split('\n').Any(l => l.Trim() == "OK");

    /// <summary>xmlsec1 says FAIL (not ERROR) when it could compute everything but a digest or the signature did not match.</summary>
    public bool Failed => !Outcome.Succeeded && Outcome.StandardError.Split('\n').Any(l => l.Trim() == "FAIL");

    /// <summary>The local name of the element each reference resolved to, as xmlsec1 canonicalised it.</summary>
    public IReadOnlyList<string> DigestedElements => DigestedParts
        .Select(p => Regex.Match(p, @"^<(?:[\w.\-]+:)?([\w.\-]+)[\s>/]"))
        .Select(m => m.Success ? m.Groups[1].Value : "?")
        .ToList();

    public string Describe() => Outcome.Describe() + "\n--- pre-digest data ---\n" + string.Join("\n=====\n", DigestedParts);
}

/// <summary>
/// The xmlsec1 command (libxmlsec1, OpenSSL backend) as an independent signer and verifier.
/// xmlsec1 knows nothing of WS-Security: it must be told that wsu:Id on Timestamp and Body is an
/// ID attribute, and it cannot follow a wsse:SecurityTokenReference, so the key is always given
/// explicitly (the certificate for verify, the private key for sign).
/// </summary>
public static class XmlSec1
{
    private static readonly string[] IdAttributes =
    [
        "--id-attr:Id", WsNamespaces.Wsu + ":Timestamp",
        "--id-attr:Id", WsNamespaces.Soap11 + ":Body",
        "--id-attr:Id", WsNamespaces.Soap12 + ":Body",
    ];

    public static async Task<XmlSec1Verdict> VerifyAsync(string envelopePath, string certificatePem)
    {
        string[] arguments =
        [
            "--verify",
            // Print the canonical octets of every reference: proves what was signed, and shows c14n differences when digests disagree.
            "--store-references",
            "--enabled-reference-uris", "same-doc",
            "--pubkey-cert-pem", certificatePem,
            .. IdAttributes,
            envelopePath,
        ];
        var outcome = await PeerProcess.RunAsync(PeerAvailability.XmlSec1Path, arguments);
        return new XmlSec1Verdict(outcome, PreDigestBuffers(outcome.StandardOutput));
    }

    /// <summary>
    /// Verifies with no key given: xmlsec1 must find the certificate itself from the ds:X509Data in
    /// KeyInfo (issuer and serial) among the certificates loaded into its store. The signer's
    /// certificate is loaded as trusted root and untrusted candidate, each decoy as a candidate.
    /// </summary>
    public static async Task<XmlSec1Verdict> VerifyByIssuerSerialAsync(string envelopePath, string certificatePem, params string[] decoyPems)
    {
        string[] arguments =
        [
            "--verify",
            "--enabled-reference-uris", "same-doc",
            "--enabled-key-data", "x509",
            "--trusted-pem", certificatePem,
            "--untrusted-pem", certificatePem,
            .. decoyPems.SelectMany(d => new[] { "--untrusted-pem", d }),
            .. IdAttributes,
            envelopePath,
        ];
        var outcome = await PeerProcess.RunAsync(PeerAvailability.XmlSec1Path, arguments);
        return new XmlSec1Verdict(outcome, []);
    }

    /// <summary>
    /// Signs a filled template (its SignedInfo says what and how) with a PEM private key; the result
    /// is written to outputPath. The certificate goes with the key so that xmlsec1 can fill any
    /// empty ds:X509Data parts the template's KeyInfo has.
    /// </summary>
    public static Task<ProcessOutcome> SignAsync(string templatePath, KeyPairFiles key, string outputPath)
    {
        string[] arguments =
        [
            "--sign",
            "--privkey-pem", key.PrivateKeyPem + "," + key.CertificatePem,
            .. IdAttributes,
            "--output", outputPath,
            templatePath,
        ];
        return PeerProcess.RunAsync(PeerAvailability.XmlSec1Path, arguments);
    }

    /// <summary>
    /// Fills the named template for <paramref name="certificate"/>, has xmlsec1 sign it with
    /// <paramref name="signingKey"/> (by default the certificate's own key) and returns the signed
    /// envelope, with any ds:X509Data xmlsec1 filled moved into the SecurityTokenReference.
    /// </summary>
    public static async Task<byte[]> SignTemplateAsync(PeerWorkspace workspace, string templateName, X509Certificate2 certificate,
        SignatureAlgorithm algorithm, string orderId, string? bodyContent = null, KeyPairFiles? signingKey = null)
    {
        var filled = SigningTemplate.Load(templateName).Fill(certificate, AlgorithmUris.SignatureUri(algorithm), AlgorithmUris.DigestUriFor(algorithm),
            orderId, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5), bodyContent);
        var key = signingKey ?? workspace.WriteKeyPair(certificate);
        var outcome = await SignAsync(workspace.Write("template.xml", filled), key, workspace.PathOf("signed.xml"));
        Assert.True(outcome.Succeeded, "xmlsec1 could not sign\n" + outcome.Describe());
        var signed = workspace.Read("signed.xml");
        return templateName == SigningTemplate.IssuerSerialSoap12 ? KeyInfoForms.IntoTokenReference(signed) : signed;
    }

    private static List<string> PreDigestBuffers(string dump)
    {
        const string start = "== PreDigest data - start buffer:\n";
        const string end = "\n== PreDigest data - end buffer";
        var parts = new List<string>();
        var at = 0;
        while ((at = dump.IndexOf(start, at, StringComparison.Ordinal)) >= 0)
        {
            var from = at + start.Length;
            var to = dump.IndexOf(end, from, StringComparison.Ordinal);
            if (to < 0) break;
            parts.Add(dump[from..to]);
            at = to;
        }
        return parts;
    }
}
