using Rotation.Drill.Admin;
using Rotation.Drill.Services;
using Rotation.Drill.Running;
using Rotation.Shared.WsSecurity;
using Rotation.Tenant.Contracts;
using Xunit.Abstractions;

namespace Rotation.Drill.Tests;

/// <summary>
/// The renewal of the sender's key against services running on their own (docs/DESIGN.md §10, §11): the drill sets up
/// request signing and inbound verification for the procedure and, when it ends, leaves both as it found them — only
/// the renewal itself stays (the sender signs with its new key).
/// </summary>
public sealed class VerifyRequestRestoreTests(RunningServicesFixture services, ITestOutputHelper log) : IClassFixture<RunningServicesFixture>
{
    [Fact]
    public async Task The_tenants_inbound_verification_and_the_senders_request_signing_are_restored_as_found()
    {
        using var tenant = services.Tenant();
        using var sender = services.Sender();
        // As found: another sender's alias listed (not imported yet) and verification required; this sender signs by issuer and serial.
        await tenant.SetInboundVerificationAsync(true, ["partner-next"], CancellationToken.None);
        await sender.SetRequestSigningAsync(true, KeyReference.IssuerSerial, CancellationToken.None);
        // A sender already sending: the drill takes its traffic over and starts it again at its rate when it ends.
        await sender.StartTrafficAsync(15, 2, CancellationToken.None);
        var before = await services.StateAsync();
        var keystoreBefore = await sender.KeystoreAsync(CancellationToken.None);
        try
        {
            var (report, exitCode, console) = await DrillRunner.RunVerifyRequestAsync(log,
                services: new DrillServiceRequest { TenantUrl = services.Services.TenantAdmin, TenantToken = services.Services.TenantToken, SenderUrl = services.Services.SenderAdmin, SenderToken = services.Services.SenderToken });

            Assert.Equal(ExitCodes.Succeeded, exitCode);
            Assert.Empty(report.Procedures[0].Inbound!.Refused);
            Assert.Contains("restored: ", console);

            var inbound = await tenant.InboundVerificationAsync(CancellationToken.None);
            Assert.Equal(InboundVerificationMode.Required, inbound.Mode);
            Assert.Equal(["partner-next"], inbound.PublicKeyAliases);
            Assert.Equal(before, await services.StateAsync());
            var keystore = await sender.KeystoreAsync(CancellationToken.None);
            Assert.Equal(keystoreBefore.Signing, keystore.Signing);
            Assert.Equal(keystoreBefore.KeyPairs.Select(k => k.Alias), keystore.KeyPairs.Select(k => k.Alias));
            // The renewal itself stays: the signing alias holds the new key pair, the old one is in the key history.
            Assert.NotEqual(keystoreBefore.SigningKeyPair()!.Fingerprint, keystore.SigningKeyPair()!.Fingerprint);
            Assert.Equal(keystoreBefore.HistoryCount + 1, keystore.HistoryCount);
        }
        finally
        {
            await sender.StopTrafficAsync(CancellationToken.None);
            await tenant.SetInboundVerificationAsync(false, [], CancellationToken.None);
            await sender.SetRequestSigningAsync(false, KeyReference.BinarySecurityToken, CancellationToken.None);
        }
    }
}
