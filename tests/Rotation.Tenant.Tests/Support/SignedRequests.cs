using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using Rotation.Shared.Certificates;
using Rotation.Shared.WsSecurity;

namespace Rotation.Tenant.Tests.Support;

/// <summary>
/// Requests signed as a sender signs them, with the shared signer (it signs any envelope, a request as well as a
/// response), and the forms other stacks send or an attacker bends them into. The KeyInfo is outside what a signature
/// covers, so a signed request may name its key another way and still verify.
/// </summary>
public static partial class SignedRequests
{
    public static X509Certificate2 NewSenderKey(string subject, KeyAlgorithm algorithm = KeyAlgorithm.EcP256) =>
        TestCertificates.CurrentlyValid(subject, algorithm);

    public static string Sign(string envelope, X509Certificate2 key, KeyReference reference = KeyReference.BinarySecurityToken, TimeProvider? time = null, TimeSpan? timeToLive = null)
    {
        var signingKey = new SigningKey(key);
        var settings = new SignerSettings { KeyReference = reference, Algorithm = signingKey.DefaultAlgorithm, TimestampTimeToLive = timeToLive ?? TimeSpan.FromMinutes(5) };
        return Encoding.UTF8.GetString(new ResponseSigner(time ?? TimeProvider.System).Sign(Encoding.UTF8.GetBytes(envelope), signingKey, settings));
    }

    /// <summary>A BinarySecurityToken-signed request re-pointed at its key by a wsse:KeyIdentifier (SKI or SHA-1 thumbprint), the token removed.</summary>
    public static string WithKeyIdentifier(string signed, X509Certificate2 certificate, KeyReference kind)
    {
        var (valueType, value) = kind switch
        {
            KeyReference.SubjectKeyIdentifier => (WsNamespaces.X509SubjectKeyIdentifier, certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Single().SubjectKeyIdentifierBytes.ToArray()),
            KeyReference.Thumbprint => (WsNamespaces.ThumbprintSha1, SHA1.HashData(certificate.RawData)),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        var identifier = $"<wsse:KeyIdentifier ValueType=\"{valueType}\" EncodingType=\"{WsNamespaces.Base64Binary}\">{Convert.ToBase64String(value)}</wsse:KeyIdentifier>";
        var reference = Replace(StrContent(), signed, m => m.Groups["open"].Value + identifier + m.Groups["close"].Value);
        return Replace(Token(), reference, _ => "");
    }

    /// <summary>The order in the Body changed after signing.</summary>
    public static string TamperBody(string signed) => signed.Replace("<Quantity>3</Quantity>", "<Quantity>300</Quantity>", StringComparison.Ordinal) is var tampered && tampered != signed
        ? tampered : throw new InvalidOperationException("nothing to tamper with");

    /// <summary>
    /// The Body's wsu:Id moved onto the order inside it: the reference still resolves, to an element that is not the
    /// Envelope's Body (a wrapping attack's first step), so the Body is no longer what the signature covers.
    /// </summary>
    public static string BodyIdOnTheOrder(string signed)
    {
        var match = BodyId().Match(signed);
        if (!match.Success) throw new InvalidOperationException("the signed request has no Body id");
        var withoutId = signed.Remove(match.Groups["id"].Index, match.Groups["id"].Length);
        return withoutId.Replace("<SubmitOrder ", $"<SubmitOrder xmlns:wsu=\"{WsNamespaces.Wsu}\"{match.Groups["id"].Value} ", StringComparison.Ordinal);
    }

    private static string Replace(Regex regex, string text, MatchEvaluator evaluator) =>
        regex.Match(text).Success ? regex.Replace(text, evaluator, 1) : throw new InvalidOperationException($"{regex} is not in the signed request");

    [GeneratedRegex("(?<open><wsse:SecurityTokenReference[^>]*>).*?(?<close></wsse:SecurityTokenReference>)")]
    private static partial Regex StrContent();

    [GeneratedRegex("<wsse:BinarySecurityToken[^>]*>[^<]*</wsse:BinarySecurityToken>")]
    private static partial Regex Token();

    [GeneratedRegex("<s:Body[^>]*?(?<id> [A-Za-z0-9]+:Id=\"Body-[^\"]*\")")]
    private static partial Regex BodyId();
}
