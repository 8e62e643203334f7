using System.Text.Json;
using Rotation.Interop.Tests.Infrastructure;
using Rotation.Shared.WsSecurity;
using Rotation.Testing.Processes;

namespace Rotation.Interop.Tests.Peers;

/// <summary>
/// What WSS4J's WSSecurityEngine concluded (with the peer's own demand that the Envelope's Body and the
/// header's Timestamp be signed, by node identity), and what it found: the signed elements as
/// "{namespace}local#id", the subject of the certificate it resolved from KeyInfo (RFC 2253, as
/// X500Principal.getName writes it), and its reference type (DIRECT_REF, ISSUER_SERIAL, KEY_IDENTIFIER, THUMBPRINT_SHA1).
/// </summary>
public sealed record Wss4jVerdict(ProcessOutcome Outcome, bool Verified, IReadOnlyList<string> SignedElements,
    string? CertificateSubject, string? KeyReference, string? SignatureMethod, string? Error)
{
    /// <summary>WSS4J (or the signed-parts check) rejected the message (exit 1), as opposed to the peer crashing (exit 2).</summary>
    public bool Rejected => !Outcome.TimedOut && Outcome.ExitCode == 1;

    public IReadOnlyList<string> SignedLocalNames => SignedElements.Select(e => e[(e.LastIndexOf('}') + 1)..].Split('#')[0]).ToList();

    public string Describe() => Outcome.Describe();
}

/// <summary>WSS4J 1.6's key identifier types (WSConstants), as WSSecSignature.setKeyIdentifierType takes them.</summary>
public enum Wss4jKeyIdentifier
{
    /// <summary>Certificate in a BinarySecurityToken, wsse:Reference to it (WSS4J's default and CXF's usual choice).</summary>
    BST_DIRECT_REFERENCE,
    /// <summary>ds:X509Data/ds:X509IssuerSerial in the SecurityTokenReference; the receiver must hold the certificate.</summary>
    ISSUER_SERIAL,
    /// <summary>wsse:KeyIdentifier of value type X509SubjectKeyIdentifier.</summary>
    SKI_KEY_IDENTIFIER,
    /// <summary>wsse:KeyIdentifier of value type ThumbprintSHA1.</summary>
    THUMBPRINT_IDENTIFIER,
}

/// <summary>
/// Apache WSS4J 1.6.19 on Apache Santuario 2.1.7 (Debian's libwss4j-java), the WS-Security stack under
/// Apache CXF and so under SAP Cloud Integration, as an independent peer: Peers/wss4j/Wss4jPeer.java,
/// compiled with javac once per test run (this is the collection fixture) and run as a JVM per call.
/// </summary>
public sealed class Wss4j : IAsyncLifetime
{
    public const string Collection = "WSS4J peer";

    private const string MainClass = "Wss4jPeer";

    // A short-lived JVM per call: the client compiler alone and the serial collector start fastest.
    private static readonly string[] JvmOptions = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-Djava.awt.headless=true"];

    private readonly string _classes = Path.Combine(Path.GetTempPath(), "rotation-wss4j-" + Guid.NewGuid().ToString("N")[..12]);

    private static string ClassPath(string? classes = null) => string.Join(':',
        new[] { classes }.Concat(PeerAvailability.Wss4jJars).Concat(File.Exists(PeerAvailability.Slf4jNopJar) ? [PeerAvailability.Slf4jNopJar] : []).OfType<string>());

    public async Task InitializeAsync()
    {
        // Where WSS4J cannot run every test in the collection skips; compiling would only fail.
        if (PeerAvailability.WhyNoWss4j is not null) return;
        Directory.CreateDirectory(_classes);
        var source = Path.Combine(AppContext.BaseDirectory, "Peers", "wss4j", MainClass + ".java");
        // -Xlint:-path: commons-logging's manifest names optional jars Debian does not ship.
        var outcome = await PeerProcess.RunAsync(PeerAvailability.JavacPath,
            ["-encoding", "UTF-8", "-Xlint:all,-path", "-Werror", "-d", _classes, "-cp", ClassPath(), source], TimeSpan.FromMinutes(2));
        if (!outcome.Succeeded) throw new InvalidOperationException("javac could not compile the WSS4J peer\n" + outcome.Describe());
    }

    public async Task<Wss4jVerdict> VerifyAsync(string envelopePath, string certificatePem)
    {
        var outcome = await Run("verify", envelopePath, certificatePem);
        if (outcome.ExitCode is not (0 or 1)) return new Wss4jVerdict(outcome, false, [], null, null, null, null);
        using var json = JsonDocument.Parse(outcome.StandardOutput);
        var root = json.RootElement;
        string? Text(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        return new Wss4jVerdict(outcome,
            root.GetProperty("verified").GetBoolean() && outcome.ExitCode == 0,
            root.GetProperty("signedElements").EnumerateArray().Select(e => e.GetString() ?? "").ToList(),
            Text("certificate"), Text("keyReference"), Text("signatureMethod"), Text("error"));
    }

    /// <summary>Adds a wsse:Security header (mustUnderstand), a 300 s Timestamp and a signature over Body and Timestamp.</summary>
    /// <param name="algorithm">The signature method, with the digest of its hash; null leaves WSS4J's defaults (RSA-SHA1, SHA-1), what an unconfigured CXF sender sends.</param>
    public Task<ProcessOutcome> SignAsync(string envelopePath, KeyPairFiles key, Wss4jKeyIdentifier keyIdentifier, SignatureAlgorithm? algorithm, string outputPath) =>
        Run("sign", envelopePath, key.PrivateKeyPem, key.CertificatePem, keyIdentifier.ToString(), outputPath,
            algorithm is { } a ? AlgorithmUris.SignatureUri(a) : "wss4j-defaults");

    private Task<ProcessOutcome> Run(params string[] arguments) =>
        PeerProcess.RunAsync(PeerAvailability.JavaPath, [.. JvmOptions, "-cp", ClassPath(_classes), MainClass, .. arguments]);

    public Task DisposeAsync()
    {
        try { if (Directory.Exists(_classes)) Directory.Delete(_classes, recursive: true); }
        catch (IOException) { /* a leftover temp folder must not fail the run */ }
        return Task.CompletedTask;
    }
}

/// <summary>The tests that talk to WSS4J share one compiled peer; xunit runs a collection's classes one after the other.</summary>
[CollectionDefinition(Wss4j.Collection)]
public sealed class Wss4jCollection : ICollectionFixture<Wss4j>;
