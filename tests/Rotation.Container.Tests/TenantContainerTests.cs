using System.Net;
using Rotation.Container.Tests.Infrastructure;
using Rotation.Shared.Certificates;
using Rotation.Shared.Verification;
using Rotation.Tenant.Contracts;
using Rotation.Testing.Keys;

namespace Rotation.Container.Tests;

[Collection(ContainerCollection.Name)]
public sealed class TenantContainerTests(RotationImages images)
{
    [DockerFact]
    public async Task Tenant_runs_as_the_non_root_user_and_its_health_check_probes_readiness()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;
        await using var rig = await ContainerRig.CreateAsync(images, ct);
        using var tenant = await rig.StartTenantAsync(await rig.VolumeAsync("tenant", ct), ct);

        var user = await tenant.Container.ExecAsync(["id", "-u"], ct);
        Assert.Equal("1654", user.Stdout.Trim());

        using var http = new HttpClient { BaseAddress = tenant.BaseAddress };
        using var ready = await http.GetAsync("health/ready", ct);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);

        // The image's HEALTHCHECK command: healthy on /health/ready, and able to say unhealthy.
        Assert.Equal(0, (await tenant.Container.ExecAsync(["rotation-healthcheck", "8080", "/health/ready"], ct)).ExitCode);
        Assert.NotEqual(0, (await tenant.Container.ExecAsync(["rotation-healthcheck", "8080", "/no-such-page"], ct)).ExitCode);

        // The admin API is closed without the token given to the container.
        using var anonymous = await http.GetAsync(TenantRoutes.Signer, ct);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [DockerFact]
    public async Task Response_signed_in_the_container_verifies_with_the_certificate_the_tenant_publishes()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;
        await using var rig = await ContainerRig.CreateAsync(images, ct);
        using var tenant = await rig.StartTenantAsync(await rig.VolumeAsync("tenant", ct), ct);
        var (alias, fingerprint) = await tenant.SignerAsync(ct);
        using var certificate = await tenant.CertificateAsync(alias, ct);

        var response = await tenant.SubmitOrderAsync("CT-1", ct);

        var verified = new SignatureVerifier(new TrustSet(certificate)).Verify(response);
        Assert.True(verified.IsValid, $"{verified.Reason}: {verified.Message}");
        Assert.Equal(fingerprint, verified.Fingerprint, ignoreCase: true);
        Assert.Equal(certificate.RawData, verified.VerifiedBy!.RawData);

        // The same bytes against a certificate the tenant never used: rejected, so the check above means something.
        using var stranger = TestCertificates.CurrentlyValid("CN=stranger", KeyAlgorithm.Rsa2048);
        var rejected = new SignatureVerifier(new TrustSet(stranger)).Verify(response);
        Assert.False(rejected.IsValid);
    }
}
