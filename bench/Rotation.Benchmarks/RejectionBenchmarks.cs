using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;
using Rotation.Shared.Certificates;
using Rotation.Shared.Tests.Support;
using Rotation.Shared.Verification;
using Rotation.Shared.WsSecurity;

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
        var now = DateTimeOffset.UtcNow;
        using var certificate = CertificateFactory.CreateSelfSigned("CN=Bench Tenant, O=Rotation", KeyAlgorithm.Rsa2048, now.AddDays(-1), now.AddDays(30));
        _verifier = new SignatureVerifier(new TrustSet(certificate), VerificationPolicy.Default with { MaxTimestampAge = TimeSpan.FromDays(1) }, TimeProvider.System);
        var expected = RejectReason.None;
        if (Kind == Valid)
        {
            // The same response as SignAndVerifyBenchmarks.VerifyEnvelope: a ~1 KB body.
            _envelope = new ResponseSigner(TimeProvider.System).Sign(SampleEnvelope.Create(), new SigningKey(certificate), new SignerSettings { TimestampTimeToLive = TimeSpan.FromDays(1) });
        }
        else
        {
            var kind = Enum.Parse<HostileKind>(Kind);
            _envelope = HostileEnvelopes.Create(kind, HostileEnvelopes.Signed(certificate, TimeProvider.System));
            expected = HostileEnvelopes.ExpectedReason(kind);
        }
        var result = _verifier.Verify(_envelope);
        if (result.Reason != expected) throw new InvalidOperationException($"{Kind}: expected {expected}, got {result}");
    }

    [Benchmark]
    public RejectReason Verify() => _verifier.Verify(_envelope).Reason;
}
