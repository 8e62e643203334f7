using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Time.Testing;
using Rotation.Shared.Verification;

namespace Rotation.Shared.Tests.Support;

public static class Verifiers
{
    /// <summary>A verifier whose clock reads <paramref name="now"/> (default: the epoch every test signs at).</summary>
    public static SignatureVerifier Trusting(IEnumerable<X509Certificate2> trusted, VerificationPolicy? policy = null, DateTimeOffset? now = null) =>
        new(new TrustSet(trusted), policy ?? VerificationPolicy.Default, new FakeTimeProvider(now ?? KeyMaterial.Epoch));

    public static SignatureVerifier Trusting(params X509Certificate2[] trusted) => Trusting((IEnumerable<X509Certificate2>)trusted);
}
