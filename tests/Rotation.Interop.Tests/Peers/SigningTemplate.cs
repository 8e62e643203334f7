using System.Globalization;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using Rotation.Shared.Contract;

namespace Rotation.Interop.Tests.Peers;

/// <summary>
/// An xmlsec1 signing template from Peers/Templates: a whole SOAP response with an empty
/// ds:Signature whose SignedInfo names the parts and algorithms. The test fills the placeholders
/// (fresh Timestamp, the certificate for a BinarySecurityToken) and xmlsec1 computes digests and
/// signature, and fills an empty X509IssuerSerial from the certificate itself.
/// </summary>
public sealed partial class SigningTemplate
{
    public const string BinarySecurityTokenSoap11 = "bst-soap11.xml";
    public const string IssuerSerialSoap12 = "issuer-serial-soap12.xml";
    public const string CanonicalizationEdgeCases = "bst-soap11-c14n-edge-cases.xml";

    /// <summary>A request: the order to the tenant goes into the Body (docs/DESIGN.md §10).</summary>
    public const string BinarySecurityTokenRequestSoap11 = "bst-soap11-request.xml";

    private readonly string _text;

    private SigningTemplate(string text) => _text = text;

    public static SigningTemplate Load(string name) =>
        new(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Peers", "Templates", name)));

    /// <summary>The template for a signature by <paramref name="certificate"/>, created now and expiring after <paramref name="timeToLive"/>.</summary>
    /// <param name="bodyContent">Raw XML for the {{BODY_CONTENT}} placeholder of templates that have one; inserted unescaped.</param>
    public byte[] Fill(X509Certificate2 certificate, string signatureMethod, string digestMethod, string orderId, DateTimeOffset now, TimeSpan timeToLive, string? bodyContent = null)
    {
        var values = new Dictionary<string, string>
        {
            ["ID"] = Guid.NewGuid().ToString("N")[..16],
            ["CREATED"] = Instant(now),
            ["EXPIRES"] = Instant(now + timeToLive),
            ["CERTIFICATE"] = Convert.ToBase64String(certificate.RawData),
            ["SIGNATURE_METHOD"] = signatureMethod,
            ["DIGEST_METHOD"] = digestMethod,
            ["ORDER_NAMESPACE"] = OrderContract.Namespace,
            ["ORDER_ID"] = orderId,
        };
        var filled = Placeholder().Replace(_text, m =>
            m.Groups[1].Value == "BODY_CONTENT" ? bodyContent ?? throw new InvalidOperationException("this template needs the Body content")
            : values.TryGetValue(m.Groups[1].Value, out var v) ? SecurityElement.Escape(v)
            : throw new InvalidOperationException($"template placeholder {m.Value} has no value"));
        return Encoding.UTF8.GetBytes(filled);
    }

    private static string Instant(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\{\{([A-Z_]+)\}\}")]
    private static partial Regex Placeholder();
}
