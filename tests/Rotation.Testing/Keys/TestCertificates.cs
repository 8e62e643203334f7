using System.Security.Cryptography.X509Certificates;
using Rotation.Shared.Certificates;

namespace Rotation.Testing.Keys;

/// <summary>
/// Self-signed key pairs made as the tenant makes them (<see cref="CertificateFactory"/>), valid from
/// <paramref name="from"/> until <paramref name="until"/> counted from the given clock's now: a
/// FakeTimeProvider where the test controls time, the system clock where a real process checks validity.
/// </summary>
public static class TestCertificates
{
    /// <summary>The instant every fake clock of the tests starts at, so no test depends on the machine's clock.</summary>
    public static readonly DateTimeOffset Epoch = new(2026, 6, 1, 10, 0, 0, TimeSpan.Zero);

    /// <param name="from">Offset of the start of validity from now: negative for "already valid".</param>
    /// <param name="until">Offset of the end of validity from now: negative for "expired".</param>
    public static X509Certificate2 SelfSigned(TimeProvider clock, string subject, KeyAlgorithm algorithm, TimeSpan from, TimeSpan until)
    {
        var now = clock.GetUtcNow();
        return CertificateFactory.CreateSelfSigned(subject, algorithm, now + from, now + until);
    }
}
