using System.Text.Json;
using Rotation.Container.Tests.Infrastructure;

namespace Rotation.Container.Tests;

[Collection(ContainerCollection.Name)]
public sealed class TenantRestartTests(RotationImages images)
{
    [DockerFact]
    public async Task Tenant_replaced_mid_traffic_keeps_its_keystore_on_the_volume_and_signs_with_the_same_key()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var ct = timeout.Token;
        await using var rig = await ContainerRig.CreateAsync(images, ct);
        var tenantData = await rig.VolumeAsync("tenant", ct);
        var first = await rig.StartTenantAsync(tenantData, ct);
        var (alias, fingerprintBefore) = await first.SignerAsync(ct);
        var pem = await first.CertificatePemAsync(alias, ct);

        using var sender = await rig.StartSenderAsync(await rig.VolumeAsync("sender", ct), ct);
        await sender.TrustAsync(pem, ct);
        await sender.StartTrafficAsync(rate: 20, concurrency: 2, ct);
        var before = await sender.WaitForTotalsAsync(t => Verified(t) >= 20, TimeSpan.FromSeconds(60), "20 verified responses before the restart", ct);

        // A new container on the same volume, under the same name on the network: only the volume
        // carries the keystore over.
        first.Dispose();
        await ContainerRig.RemoveAsync(first.Container);
        using var second = await rig.StartTenantAsync(tenantData, ct);

        var (aliasAfter, fingerprintAfter) = await second.SignerAsync(ct);
        Assert.Equal(alias, aliasAfter);
        Assert.Equal(fingerprintBefore, fingerprintAfter);
        Assert.Equal(pem.Trim(), (await second.CertificatePemAsync(alias, ct)).Trim());

        // The sender, untouched, goes on verifying with the certificate it trusted before the restart.
        var after = await sender.WaitForTotalsAsync(t => Verified(t) >= Verified(before) + 20, TimeSpan.FromSeconds(90), "20 more verified responses after the restart", ct);
        await sender.StopTrafficAsync(ct);
        Assert.Equal(0, after.GetProperty("rejected").GetInt64());
        Assert.Equal(0, after.GetProperty("soapFaults").GetInt64());
    }

    private static long Verified(JsonElement totals) => totals.GetProperty("verified").GetInt64();
}
