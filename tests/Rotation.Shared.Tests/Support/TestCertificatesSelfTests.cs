using Microsoft.Extensions.Time.Testing;
using Rotation.Shared.Certificates;
using Rotation.Testing.Keys;

namespace Rotation.Shared.Tests.Support;

/// <summary>The tests' key pairs take their validity from the clock they are given (docs/DESIGN.md §7b).</summary>
[Collection(KeyMaterialCollection.Name)]
public sealed class TestCertificatesSelfTests(KeyMaterial keys)
{
    [Fact]
    public void Validity_is_counted_from_the_given_clock()
    {
        var clock = new FakeTimeProvider(TestCertificates.Epoch.AddDays(1000));
        using var certificate = TestCertificates.SelfSigned(clock, "CN=clocked", KeyAlgorithm.EcP256, TimeSpan.FromDays(-2), TimeSpan.FromDays(3));

        Assert.Equal(clock.GetUtcNow().AddDays(-2), new DateTimeOffset(certificate.NotBefore.ToUniversalTime()));
        Assert.Equal(clock.GetUtcNow().AddDays(3), new DateTimeOffset(certificate.NotAfter.ToUniversalTime()));
    }

    [Fact]
    public void The_suites_key_material_is_on_a_fake_clock_at_the_epoch()
    {
        Assert.Equal(KeyMaterial.Epoch, keys.Clock.GetUtcNow());
        Assert.True(keys.Expired.NotAfter.ToUniversalTime() < KeyMaterial.Epoch);
        Assert.True(keys.NotYetValid.NotBefore.ToUniversalTime() > KeyMaterial.Epoch);
        Assert.Equal(KeyMaterial.Epoch.AddDays(-30), new DateTimeOffset(keys.RsaA.NotBefore.ToUniversalTime()));
    }
}
