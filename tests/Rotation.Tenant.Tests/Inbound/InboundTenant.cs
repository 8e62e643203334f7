using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Rotation.Shared.Certificates;
using Rotation.Tenant.Tests.Support;

namespace Rotation.Tenant.Tests.Inbound;

/// <summary>
/// A tenant that requires signed requests (docs/DESIGN.md §10), with the senders' certificates as the tests need them:
/// sender-a (RSA) and sender-b (EC) imported and listed, sender-next listed but not imported, stranger imported but
/// not listed.
/// </summary>
public sealed class InboundTenant : IAsyncLifetime
{
    public static readonly string[] ListedAliases = ["sender-a", "sender-b", "sender-next"];

    public TestTenant Tenant { get; private set; } = null!;
    public X509Certificate2 SenderA { get; } = SignedRequests.NewSenderKey("CN=Sender A, O=Rotation Sender", KeyAlgorithm.Rsa2048);
    public X509Certificate2 SenderB { get; } = SignedRequests.NewSenderKey("CN=Sender B, O=Rotation Sender");
    public X509Certificate2 SenderNext { get; } = SignedRequests.NewSenderKey("CN=Sender Next, O=Rotation Sender");
    public X509Certificate2 Stranger { get; } = SignedRequests.NewSenderKey("CN=Stranger, O=Elsewhere");
    public X509Certificate2 TenantCertificate { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Tenant = await StartAsync(ListedAliases);
        await ImportAsync(Tenant, "sender-a", SenderA);
        await ImportAsync(Tenant, "sender-b", SenderB);
        await ImportAsync(Tenant, "stranger", Stranger);
        TenantCertificate = await Tenant.CertificateAsync("tenant-signing");
    }

    public async Task DisposeAsync()
    {
        await Tenant.DisposeAsync();
        foreach (var certificate in new[] { SenderA, SenderB, SenderNext, Stranger }) certificate.Dispose();
    }

    /// <summary>A tenant started with required inbound verification and these aliases, as --inbound-verification and --inbound-aliases do.</summary>
    public static Task<TestTenant> StartAsync(string[] aliases) => TestTenant.StartAsync(o => Requiring(o, aliases));

    /// <summary>The options with required inbound verification and these public key aliases.</summary>
    public static Rotation.Tenant.Hosting.TenantOptions Requiring(Rotation.Tenant.Hosting.TenantOptions options, string[] aliases) => options with
    {
        Flow = options.Flow with { Inbound = new Rotation.Tenant.Inbound.InboundVerification { Mode = Rotation.Tenant.Contracts.InboundVerificationMode.Required, PublicKeyAliases = aliases } },
    };

    /// <summary>Imports a certificate (PEM, no private key) under the alias through the admin API.</summary>
    public static Task<JsonElement> ImportAsync(TestTenant tenant, string alias, X509Certificate2 certificate) =>
        tenant.SendJsonAsync(HttpMethod.Post, TenantRoutes.Certificates, new { alias, certificate = certificate.ExportCertificatePem() });

    public static async Task<(int Status, string Text, byte[] Body, string MessageId)> SendAsync(TestTenant tenant, SoapVersion version, string envelope)
    {
        var (status, body, response) = await Soap.SendAsync(tenant.Anonymous, tenant.Endpoint, version, envelope);
        using (response) return (status, Encoding.UTF8.GetString(body), body, response.Headers.GetValues("X-Message-Id").Single());
    }

    /// <summary>The message log's row of one message.</summary>
    public static async Task<JsonElement> MessageAsync(TestTenant tenant, string id)
    {
        var rows = await tenant.GetJsonAsync(TenantRoutes.MessagesWhere(limit: 10_000));
        return rows.EnumerateArray().Single(r => r.GetProperty("id").GetString() == id);
    }
}
