using System.Security.Cryptography.X509Certificates;
using Rotation.Shared.Certificates;

namespace Rotation.Testing.Keys;

/// <summary>
/// A family of key pairs a test class or collection shares (RSA key generation is the slow part), made once on the
/// fixture's clock (<see cref="TestCertificates"/>) and disposed with it.
/// </summary>
public abstract class KeyPairFixture(TimeProvider clock) : IDisposable
{
    private readonly List<IDisposable> _owned = [];

    /// <summary>The clock the validity periods are counted from.</summary>
    public TimeProvider Clock { get; } = clock;

    /// <summary>A key pair valid from <paramref name="from"/> until <paramref name="until"/> from the clock's now, owned by the fixture.</summary>
    protected X509Certificate2 SelfSigned(string subject, KeyAlgorithm algorithm, TimeSpan from, TimeSpan until) =>
        Own(TestCertificates.SelfSigned(Clock, subject, algorithm, from, until));

    /// <summary>Disposed with the fixture.</summary>
    protected T Own<T>(T disposable) where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    public void Dispose()
    {
        foreach (var owned in _owned) owned.Dispose();
        GC.SuppressFinalize(this);
    }
}
