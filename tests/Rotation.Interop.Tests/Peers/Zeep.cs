using System.Text.Json;
using Rotation.Interop.Tests.Infrastructure;
using Rotation.Testing.Processes;

namespace Rotation.Interop.Tests.Peers;

/// <summary>What zeep's verify_envelope concluded, and the elements its references resolved to ("{ns}local").</summary>
public sealed record ZeepVerdict(ProcessOutcome Outcome, bool Verified, IReadOnlyList<string> References)
{
    /// <summary>zeep raised SignatureVerificationFailed (exit 1), as opposed to crashing (exit 2).</summary>
    public bool Rejected => !Outcome.TimedOut && Outcome.ExitCode == 1;

    public IReadOnlyList<string> ReferencedLocalNames => References.Select(r => r[(r.LastIndexOf('}') + 1)..]).ToList();

    public string Describe() => Outcome.Describe();
}

/// <summary>What a zeep client made of the tenant's answer: its JSON line (null when the call itself failed).</summary>
public sealed record ZeepAnswer(ProcessOutcome Outcome, JsonElement? Answer)
{
    /// <summary>The response verified: the answer is the order confirmation.</summary>
    public bool Confirmed => Answer?.GetProperty("ok").GetBoolean() == true;

    /// <summary>zeep raised SignatureVerificationFailed on the response.</summary>
    public bool Refused => Answer?.GetProperty("ok").GetBoolean() == false;

    public JsonElement? Confirmation => Confirmed ? Answer : null;

    public string Describe() => Outcome.Describe();
}

/// <summary>How zeep signs: which of its two signer classes.</summary>
public enum ZeepSigner
{
    /// <summary>zeep.wsse.signature.BinarySignature: certificate in a BinarySecurityToken, referenced from the SecurityTokenReference.</summary>
    BinarySignature,
    /// <summary>zeep.wsse.signature.Signature: ds:X509Data (issuer/serial and certificate) inside the SecurityTokenReference.</summary>
    Signature,
}

/// <summary>python3-zeep (with python3-xmlsec) as an independent WS-Security peer, through the scripts in Peers/.</summary>
public static class Zeep
{
    private static string Script(string name) => Path.Combine(AppContext.BaseDirectory, "Peers", name);

    public static async Task<ZeepVerdict> VerifyAsync(string envelopePath, string certificatePem)
    {
        var outcome = await PeerProcess.RunAsync(PeerAvailability.PythonPath, [Script("zeep_verify.py"), envelopePath, certificatePem]);
        var verified = false;
        var references = new List<string>();
        if (outcome.ExitCode is 0 or 1)
        {
            using var json = JsonDocument.Parse(outcome.StandardOutput);
            verified = json.RootElement.GetProperty("verified").GetBoolean();
            references.AddRange(json.RootElement.GetProperty("references").EnumerateArray().Select(e => e.GetString() ?? ""));
        }
        return new ZeepVerdict(outcome, verified && outcome.ExitCode == 0, references);
    }

    /// <param name="algorithm">rsa-sha1 (zeep's default), rsa-sha256, rsa-sha512, ecdsa-sha256 or ecdsa-sha384 (digest of the same hash).</param>
    public static Task<ProcessOutcome> SignAsync(ZeepSigner signer, string algorithm, KeyPairFiles key, string inputPath, string outputPath) =>
        PeerProcess.RunAsync(PeerAvailability.PythonPath,
        [
            Script("zeep_sign.py"),
            "--mode", signer == ZeepSigner.BinarySignature ? "binary" : "x509data",
            "--algorithm", algorithm,
            "--key", key.PrivateKeyPem,
            "--cert", key.CertificatePem,
            inputPath, outputPath,
        ]);

    /// <summary>
    /// A zeep client built from the tenant's WSDL calls <paramref name="endpoint"/> through <paramref name="port"/>,
    /// signing its request with <paramref name="client"/> and verifying the response with <paramref name="tenantCertificatePem"/>.
    /// </summary>
    public static async Task<ZeepAnswer> CallAsync(Uri endpoint, string port, KeyPairFiles client, string tenantCertificatePem)
    {
        var outcome = await PeerProcess.RunAsync(PeerAvailability.PythonPath,
            [Script("zeep_client.py"), endpoint + "?wsdl", port, client.PrivateKeyPem, client.CertificatePem, tenantCertificatePem]);
        if (!outcome.Succeeded) return new ZeepAnswer(outcome, null);
        using var json = JsonDocument.Parse(outcome.StandardOutput.Trim().Split('\n')[^1]);
        return new ZeepAnswer(outcome, json.RootElement.Clone());
    }
}
