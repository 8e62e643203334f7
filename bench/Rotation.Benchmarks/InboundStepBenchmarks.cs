using System.Security.Cryptography.X509Certificates;
using System.ServiceModel.Channels;
using System.Text;
using System.Xml.Serialization;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Rotation.Shared.Certificates;
using Rotation.Shared.Contract;
using Rotation.Shared.Verification;
using Rotation.Shared.WsSecurity;
using Rotation.Testing.Keys;
using Rotation.Shared.Admin;
using Rotation.Tenant.Contracts;
using Rotation.Tenant.Hosting;
using Rotation.Tenant.Inbound;
using Rotation.Tenant.Metrics;
using Rotation.Tenant.State;

namespace Rotation.Benchmarks;

/// <summary>
/// The tenant's door in-process (docs/DESIGN.md §10): a request's raw bytes checked until they are ready for the flow,
/// with inbound verification required (a request signed by an RSA-2048 sender, as the drill's load sends it) and off
/// (the plain order, what a sign-only tenant pays), next to the shared verifier alone on the same bytes, in one run:
/// <c>SignedIntake − PlainIntake</c> over <c>Verifier</c> is what the tenant adds around the verification. SoapCore's
/// own read of the requests, the next step of every request, shows what the signed request costs the flow after it
/// (the door hands SoapCore the verified request without its processed wsse:Security header).
/// </summary>
[MemoryDiagnoser]
public class InboundStepBenchmarks
{
    private const string SenderAlias = "load-sender";

    // A frozen clock: the request's Timestamp stays inside the verifier's 300 s window however long the run takes.
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private string _dataDir = null!;
    private TenantHost _tenant = null!;
    private X509Certificate2 _sender = null!;
    private RequestIntake _intake = null!;
    private SignatureVerifier _verifier = null!;
    private TenantState _signOnly = null!;
    private TenantState _verifying = null!;
    private byte[] _plain = null!;
    private byte[] _signed = null!;
    private byte[] _forTheFlow = null!;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        _dataDir = Directory.CreateTempSubdirectory("rotation-bench-").FullName;
        _tenant = TenantHost.Build(new TenantOptions { DataDir = _dataDir, Urls = "http://127.0.0.1:0", AdminToken = "bench-token-0123456789abcdef", InitialKeyAlgorithm = KeyAlgorithm.Rsa2048 }, _time);
        _sender = TestCertificates.SelfSigned(_time, "CN=Load Sender, O=Rotation", KeyAlgorithm.Rsa2048, TimeSpan.FromMinutes(-5), TimeSpan.FromDays(1));
        _signOnly = _tenant.State.Current;
        Expect(await _tenant.Keystore.ImportCertificateAsync(ChangeContext.System, SenderAlias, Encoding.ASCII.GetBytes(_sender.ExportCertificatePem())));
        Expect(await _tenant.App.Services.GetRequiredService<Rotation.Tenant.Orders.FlowSettingsService>().ChangeAsync(ChangeContext.System,
            flow => flow with { Inbound = new InboundVerification { Mode = InboundVerificationMode.Required, PublicKeyAliases = [SenderAlias] } }));
        _verifying = _tenant.State.Current;

        var services = _tenant.App.Services;
        _intake = new RequestIntake(services.GetRequiredService<InboundVerifier>(), services.GetRequiredService<TenantMetrics>(), _time);
        _verifier = new SignatureVerifier(new TrustSet(_sender), VerificationPolicy.Default, _time);
        _plain = OrderRequest();
        using var key = new SigningKey(_sender);
        _signed = new ResponseSigner(_time).Sign(_plain, key, new SignerSettings { Algorithm = key.DefaultAlgorithm, KeyReference = KeyReference.BinarySecurityToken });

        if (!_verifier.Verify(_signed).IsValid) throw new InvalidOperationException("the signed request does not verify");
        if (_intake.Check(_verifying, _signed, soap12: false) is not { Refused: null, Inbound.Alias: SenderAlias } admitted) throw new InvalidOperationException("the tenant's door refuses the signed request");
        _forTheFlow = admitted.ForTheFlow.ToArray();
        if (Encoding.UTF8.GetString(_forTheFlow).Contains(":Security", StringComparison.Ordinal)) throw new InvalidOperationException("the door handed the flow the processed Security header");
        if (_intake.Check(_signOnly, _plain, soap12: false) is not { Refused: null, Inbound.Checked: false }) throw new InvalidOperationException("the sign-only tenant's door refuses the plain request");
    }

    private static void Expect<T>(Rotation.Tenant.Keystore.KeystoreResult<T> result)
    {
        if (result.Error is { } error) throw new InvalidOperationException(error.Message);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _tenant.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _sender.Dispose();
        Directory.Delete(_dataDir, recursive: true);
    }

    [Benchmark(Baseline = true), BenchmarkCategory("door")]
    public bool Verifier() => _verifier.Verify(_signed).IsValid;

    [Benchmark, BenchmarkCategory("door")]
    public bool SignedIntake() => _intake.Check(_verifying, _signed, soap12: false).Refused is null;

    [Benchmark, BenchmarkCategory("door")]
    public bool PlainIntake() => _intake.Check(_signOnly, _plain, soap12: false).Refused is null;

    [Benchmark, BenchmarkCategory("flow")]
    public Task<SoapCore.ParsedMessage> SoapCoreReadsSigned() => SoapCoreReads(_signed);

    /// <summary>What SoapCore reads of a verified request: the door hands it on without the processed wsse:Security header.</summary>
    [Benchmark, BenchmarkCategory("flow")]
    public Task<SoapCore.ParsedMessage> SoapCoreReadsVerified() => SoapCoreReads(_forTheFlow);

    [Benchmark, BenchmarkCategory("flow")]
    public Task<SoapCore.ParsedMessage> SoapCoreReadsPlain() => SoapCoreReads(_plain);

    private static Task<SoapCore.ParsedMessage> SoapCoreReads(byte[] request) =>
        SoapCore.ParsedMessage.FromStreamAsync(new MemoryStream(request, writable: false), Encoding.UTF8, MessageVersion.Soap11, CancellationToken.None);

    /// <summary>The load's order (two lines), as a sender's client serialises it.</summary>
    private static byte[] OrderRequest()
    {
        var order = new Rotation.Shared.Contract.OrderRequest
        {
            OrderId = "LOAD-1",
            CustomerId = "load",
            Lines = [new OrderLine { Sku = "SKU-1", Quantity = 2, UnitPrice = 9.95m }, new OrderLine { Sku = "SKU-2", Quantity = 1, UnitPrice = 120.00m }],
        };
        var serializer = new XmlSerializer(typeof(Rotation.Shared.Contract.OrderRequest), new XmlRootAttribute("request") { Namespace = OrderContract.Namespace });
        using var writer = new StringWriter();
        using (var xml = System.Xml.XmlWriter.Create(writer, new System.Xml.XmlWriterSettings { OmitXmlDeclaration = true }))
            serializer.Serialize(xml, order);
        return Encoding.UTF8.GetBytes(
            "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>" +
            $"<SubmitOrder xmlns=\"{OrderContract.Namespace}\">{writer}</SubmitOrder></s:Body></s:Envelope>");
    }
}
