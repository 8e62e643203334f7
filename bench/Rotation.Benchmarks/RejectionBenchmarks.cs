using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;
using Rotation.Shared.Certificates;
using Rotation.Shared.Tests.Support;
using Rotation.Shared.Verification;
using Rotation.Shared.WsSecurity;
using Rotation.Testing.Keys;

namespace Rotation.Benchmarks;

/// <summary>
/// docs/DESIGN.md §3 item 9: how fast each 1 MiB hostile envelope of <see cref="HostileEnvelopes"/> is refused (target
/// ≤ 20 ms, ≥ 50 MB/s, one core), next to the rate of verifying a valid RSA-2048 response in the same run.
/// </summary>
[Config(typeof(ThroughputConfig))]
public class RejectionBenchmarks
{
    public const string Valid = "Valid";

    private SignatureVerifier _verifier = null!;
    private byte[] _envelope = null!;

    public static IEnumerable<string> Kinds() => [Valid, .. Enum.GetNames<HostileKind>()];

    [ParamsSource(nameof(Kinds))]
    public string Kind { get; set; } = Valid;

    [GlobalSetup]
    public void Setup()
    {
        using var certificate = BenchCertificate();
        (_verifier, _envelope, var expected) = Prepare(Kind, certificate);
        var result = _verifier.Verify(_envelope);
        if (result.Reason != expected) throw new InvalidOperationException($"{Kind}: expected {expected}, got {result}");
    }

    internal static X509Certificate2 BenchCertificate() => TestCertificates.CurrentlyValid("CN=Bench Tenant, O=Rotation", KeyAlgorithm.Rsa2048);

    /// <summary>The verifier, the envelope of the kind and the reason it must get (None for the valid one).</summary>
    internal static (SignatureVerifier Verifier, byte[] Envelope, RejectReason Expected) Prepare(string kind, X509Certificate2 certificate)
    {
        var verifier = new SignatureVerifier(new TrustSet(certificate), VerificationPolicy.Default with { MaxTimestampAge = TimeSpan.FromDays(1) }, TimeProvider.System);
        if (kind == Valid)
        {
            // The same response as SignAndVerifyBenchmarks.VerifyEnvelope: a ~1 KB body.
            return (verifier, new ResponseSigner(TimeProvider.System).Sign(SampleEnvelope.Create(), new SigningKey(certificate), new SignerSettings { TimestampTimeToLive = TimeSpan.FromDays(1) }), RejectReason.None);
        }
        var hostile = Enum.Parse<HostileKind>(kind);
        return (verifier, HostileEnvelopes.Create(hostile, HostileEnvelopes.Signed(certificate, TimeProvider.System)), HostileEnvelopes.ExpectedReason(hostile));
    }

    [Benchmark]
    public RejectReason Verify() => _verifier.Verify(_envelope).Reason;
}
