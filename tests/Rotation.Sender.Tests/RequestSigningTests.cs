using System.Text;
using Rotation.Sender.Keys;
using Rotation.Sender.Tests.Infrastructure;
using Rotation.Sender.Traffic;
using Rotation.Sender.Trust;
using Rotation.Sender.Wcf;
using Rotation.Shared.Admin;
using Rotation.Shared.Certificates;
using Rotation.Shared.Verification;
using Rotation.Shared.WsSecurity;
using Rotation.Sender.Contracts;

namespace Rotation.Sender.Tests;

/// <summary>
/// Signed requests as the real WCF client puts them on the wire (captured by a Kestrel endpoint on loopback), checked
/// with the shared verifier in the request direction (docs/DESIGN.md §10), and the exchange of the signing key under traffic.
/// </summary>
[Collection(SenderCollection.Name)]
public sealed class RequestSigningTests(TestKeys keys)
{
    private static SenderKeystore Keystore(RequestSigningSettings signing) =>
        SenderKeystore.InMemory(new SenderKeystoreOptions { SeedAlgorithm = KeyAlgorithm.EcP256, Signing = signing });

    private OrderClient Client(SigningTenant tenant, SenderKeystore keystore, SoapVersion soap = SoapVersion.Soap11) =>
        new(new OrderClientOptions { Endpoint = tenant.Endpoint, SoapVersion = soap, Timeout = TimeSpan.FromSeconds(20) },
            TrustStore.InMemory(TrustMode.Single, [TestKeys.Public(keys.Old)]), TimeProvider.System, signing: keystore);

    private static SignatureVerifier VerifierTrusting(params SenderKeyPair[] keyPairs) => new(new TrustSet(keyPairs.Select(k => k.PublicCertificate)));

    [Theory]
    [InlineData(KeyReference.BinarySecurityToken, SoapVersion.Soap11)]
    [InlineData(KeyReference.IssuerSerial, SoapVersion.Soap11)]
    [InlineData(KeyReference.BinarySecurityToken, SoapVersion.Soap12)]
    [InlineData(KeyReference.IssuerSerial, SoapVersion.Soap12)]
    public async Task The_request_on_the_wire_verifies_with_the_signing_key_and_names_it_as_chosen(KeyReference keyReference, SoapVersion soap)
    {
        var keystore = Keystore(new RequestSigningSettings(true, keyReference));
        var signing = keystore.Current.SigningKeyPair!;
        await using var tenant = await SigningTenant.StartAsync(keys.Old);
        tenant.RequestVerifier = VerifierTrusting(signing);
        await using var client = Client(tenant, keystore, soap);

        var result = await client.SubmitOrderAsync(OrderSender.CreateRequest(7));

        Assert.Equal("ORD-00000007", result.Confirmation.OrderId); // the service behind the check got the request
        var verdict = VerifierTrusting(signing).Verify(tenant.LastRequest);
        Assert.True(verdict.IsValid, verdict.Message);
        Assert.Equal(signing.Fingerprint, verdict.Fingerprint);
        Assert.Equal(keyReference, verdict.KeyReference);
        var wire = Encoding.UTF8.GetString(tenant.LastRequest);
        Assert.Contains("<SubmitOrder", wire, StringComparison.Ordinal);
        Assert.Equal(keyReference == KeyReference.BinarySecurityToken, wire.Contains("BinarySecurityToken", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_signing_off_the_request_carries_no_security_header()
    {
        var keystore = Keystore(RequestSigningSettings.Off);
        await using var tenant = await SigningTenant.StartAsync(keys.Old);
        await using var client = Client(tenant, keystore);

        await client.SubmitOrderAsync(OrderSender.CreateRequest(8));

        Assert.DoesNotContain("Security", Encoding.UTF8.GetString(tenant.LastRequest), StringComparison.Ordinal);
        Assert.Equal(RejectReason.SecurityHeaderMissing, VerifierTrusting(keystore.Current.SigningKeyPair!).Verify(tenant.LastRequest).Reason);
    }

    [Fact]
    public async Task A_sent_request_whose_body_is_changed_afterwards_is_refused()
    {
        var keystore = Keystore(new RequestSigningSettings(true));
        await using var tenant = await SigningTenant.StartAsync(keys.Old);
        await using var client = Client(tenant, keystore);
        await client.SubmitOrderAsync(OrderSender.CreateRequest(9));
        var verifier = VerifierTrusting(keystore.Current.SigningKeyPair!);

        var sent = Encoding.UTF8.GetString(tenant.LastRequest);
        var tampered = Encoding.UTF8.GetBytes(sent.Replace("ORD-00000009", "ORD-00000010", StringComparison.Ordinal));

        Assert.True(verifier.Verify(tenant.LastRequest).IsValid);
        Assert.NotEqual(sent, Encoding.UTF8.GetString(tampered));
        Assert.Equal(RejectReason.DigestMismatch, verifier.Verify(tampered).Reason);
    }

    [Fact]
    public async Task Switching_the_key_reference_takes_effect_on_the_next_request()
    {
        var keystore = Keystore(new RequestSigningSettings(true));
        await using var tenant = await SigningTenant.StartAsync(keys.Old);
        await using var client = Client(tenant, keystore);
        var verifier = VerifierTrusting(keystore.Current.SigningKeyPair!);

        await client.SubmitOrderAsync(OrderSender.CreateRequest(11));
        var before = verifier.Verify(tenant.LastRequest);
        await keystore.SetSigningAsync(ChangeContext.System, new RequestSigningSettings(true, KeyReference.IssuerSerial));
        await client.SubmitOrderAsync(OrderSender.CreateRequest(12));
        var after = verifier.Verify(tenant.LastRequest);
        await keystore.SetSigningAsync(ChangeContext.System, RequestSigningSettings.Off);
        await client.SubmitOrderAsync(OrderSender.CreateRequest(13));

        Assert.Equal(KeyReference.BinarySecurityToken, before.KeyReference);
        Assert.Equal(KeyReference.IssuerSerial, after.KeyReference);
        Assert.Equal(RejectReason.SecurityHeaderMissing, verifier.Verify(tenant.LastRequest).Reason);
    }

    [Fact]
    public async Task An_exchange_under_live_traffic_switches_the_key_on_the_next_request_and_fails_none()
    {
        var keystore = Keystore(new RequestSigningSettings(true));
        var old = keystore.Current.SigningKeyPair!;
        var created = await keystore.CreateAsync(ChangeContext.System, "sender-2026", KeyAlgorithm.EcP256);
        var next = created.KeyPair!;
        await using var tenant = await SigningTenant.StartAsync(keys.Old);
        // The tenant has imported the new certificate beside the old one (the procedure's step before the exchange).
        tenant.RequestVerifier = VerifierTrusting(old, next);
        await using var client = Client(tenant, keystore);
        var sender = new OrderSender(client, TimeProvider.System);
        var statistics = new TrafficStatistics(TimeProvider.System);
        await using var traffic = new TrafficRunner((n, ct) => sender.SendAsync(n, ct), statistics, TimeProvider.System);

        Assert.True(traffic.Start(new TrafficPlan { Rate = 150, Concurrency = 6 }));
        await Eventually.TrueAsync(() => tenant.Requests >= 60, "60 requests signed with the old key have arrived");
        var exchange = await keystore.ExchangeAsync(ChangeContext.System, keystore.Current.SigningAlias, "sender-2026");
        var atExchange = tenant.RequestVerdicts.Count;
        await Eventually.TrueAsync(() => tenant.RequestVerdicts.Count >= atExchange + 60, "60 more requests have arrived");
        await traffic.StopAsync();

        Assert.True(exchange.Succeeded, exchange.Message);
        var totals = statistics.Snapshot().Totals;
        Assert.Equal(0, totals.Failed);
        Assert.Equal(tenant.Requests, totals.Requests);
        var verdicts = tenant.RequestVerdicts.ToList();
        Assert.All(verdicts, v => Assert.True(v.IsValid, v.Message));
        Assert.Contains(verdicts, v => v.Fingerprint == old.Fingerprint);
        Assert.Contains(verdicts, v => v.Fingerprint == next.Fingerprint);
        // At most the requests in flight at the swap were signed before it; everything after it with the new key.
        Assert.All(verdicts.Skip(atExchange + 6), v => Assert.Equal(next.Fingerprint, v.Fingerprint));
        // Once the tenant drops the old certificate, requests still verify: none is signed with the old key any more.
        tenant.RequestVerifier = VerifierTrusting(next);
        await client.SubmitOrderAsync(OrderSender.CreateRequest(99_999));
        Assert.Equal(next.Fingerprint, tenant.RequestVerdicts.Last().Fingerprint);
    }
}
