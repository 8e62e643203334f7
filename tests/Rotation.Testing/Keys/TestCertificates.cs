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
    public static X509Certificate2 SelfSigned(TimeProvider clock, string subject, KeyAlgorithm algorithm, TimeSpan from, TimeSpan until) =>
        SelfSigned(clock.GetUtcNow(), subject, algorithm, from, until);

    /// <summary>
    /// Valid from a day ago until <paramref name="days"/> days from now on the system clock: for a certificate a real
    /// server, process or peer checks against the machine's time, or one whose validity the test does not look at.
    /// </summary>
    public static X509Certificate2 CurrentlyValid(string subject, KeyAlgorithm algorithm, double days = 30) =>
        SelfSigned(TimeProvider.System, subject, algorithm, TimeSpan.FromDays(-1), TimeSpan.FromDays(days));

    /// <summary>Valid from <paramref name="from"/> until <paramref name="until"/> counted from <see cref="Epoch"/>, for tests whose clocks start there.</summary>
    public static X509Certificate2 AtEpoch(string subject, KeyAlgorithm algorithm, TimeSpan from, TimeSpan until) =>
        SelfSigned(Epoch, subject, algorithm, from, until);

    private static X509Certificate2 SelfSigned(DateTimeOffset now, string subject, KeyAlgorithm algorithm, TimeSpan from, TimeSpan until) =>
        CertificateFactory.CreateSelfSigned(subject, algorithm, now + from, now + until);
}
