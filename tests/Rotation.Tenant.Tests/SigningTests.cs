using System.Text;
using Rotation.Shared.Verification;
using Rotation.Shared.WsSecurity;
using Rotation.Tenant.Tests.Support;

namespace Rotation.Tenant.Tests;

/// <summary>Responses of /cxf/orders come back signed with the signer step's alias, verifiable by the shared verifier.</summary>
public sealed class SigningTests(SigningTests.Fixture fixture) : IClassFixture<SigningTests.Fixture>
{
    private readonly TestTenant _tenant = fixture.Tenant;

    /// <summary>One tenant for the class: the tests run one after another and each sets the signer step it needs.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public TestTenant Tenant { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Tenant = await TestTenant.StartAsync();
            await Tenant.CreateKeyPairAsync("rsa-key", "RSA", 2048);
            await Tenant.CreateKeyPairAsync("ec256-key", "EC", 256);
            await Tenant.CreateKeyPairAsync("ec384-key", "EC", 384);
        }

        public async Task DisposeAsync() => await Tenant.DisposeAsync();
    }

    public static TheoryData<SoapVersion, KeyReference, string, SignatureAlgorithm> Cases()
    {
        var data = new TheoryData<SoapVersion, KeyReference, string, SignatureAlgorithm>();
        foreach (var version in Enum.GetValues<SoapVersion>())
        foreach (var reference in new[] { KeyReference.BinarySecurityToken, KeyReference.IssuerSerial })
        {
            data.Add(version, reference, "rsa-key", SignatureAlgorithm.RsaSha256);
            data.Add(version, reference, "rsa-key", SignatureAlgorithm.RsaSha384);
            data.Add(version, reference, "rsa-key", SignatureAlgorithm.RsaSha512);
            data.Add(version, reference, "ec256-key", SignatureAlgorithm.EcdsaSha256);
            data.Add(version, reference, "ec384-key", SignatureAlgorithm.EcdsaSha384);
            data.Add(version, reference, "ec256-key", SignatureAlgorithm.EcdsaSha512);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Response_verifies_with_the_alias_certificate(SoapVersion version, KeyReference reference, string alias, SignatureAlgorithm algorithm)
    {
        await _tenant.SetSignerAsync(new { alias, algorithm = algorithm.ToString(), keyReference = reference.ToString(), timestampTimeToLiveSeconds = 120 });
        var certificate = await _tenant.CertificateAsync(alias);

        var (status, body, response) = await Soap.SendAsync(_tenant.Anonymous, _tenant.Endpoint, version, Soap.Envelope(version, "o-" + alias));

        Assert.Equal(200, status);
        Assert.Equal(body.Length, response.Content.Headers.ContentLength);
        Assert.StartsWith(version == SoapVersion.Soap11 ? "text/xml" : "application/soap+xml", response.Content.Headers.ContentType!.ToString());
        var result = Soap.Verify(body, certificate);
        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(reference, result.KeyReference);
        Assert.Equal(algorithm, result.Algorithm);
        Assert.Equal(result.Fingerprint, response.Headers.GetValues("X-Signing-Fingerprint").Single());
        var text = Encoding.UTF8.GetString(body);
        Assert.Contains("<Total>17.50</Total>", text.Replace("<Total>17.5</Total>", "<Total>17.50</Total>"));
        Assert.Equal(reference == KeyReference.BinarySecurityToken, text.Contains("BinarySecurityToken", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Response_from_another_key_is_rejected()
    {
        await _tenant.SetSignerAsync(new { alias = "rsa-key", algorithm = "auto", keyReference = "BinarySecurityToken" });
        var other = await _tenant.CertificateAsync("ec256-key");
        var (_, body, _) = await Soap.SendAsync(_tenant.Anonymous, _tenant.Endpoint, SoapVersion.Soap11, Soap.Envelope(SoapVersion.Soap11, "o-x"));
        var result = Soap.Verify(body, other);
        Assert.False(result.IsValid);
        Assert.Equal(RejectReason.CertificateUntrusted, result.Reason);
    }

    [Fact]
    public async Task Request_header_names_the_alias_when_the_signer_step_allows_it()
    {
        await _tenant.SetSignerAsync(new { alias = "rsa-key", algorithm = "auto", keyReference = "BinarySecurityToken", aliasHeader = "X-Signer-Alias", allowedAliases = new[] { "ec384-key" } });
        var ec = await _tenant.CertificateAsync("ec384-key");
        var (status, body, _) = await Soap.SendAsync(_tenant.Anonymous, _tenant.Endpoint, SoapVersion.Soap11, Soap.Envelope(SoapVersion.Soap11, "o-dyn"),
            r => r.Headers.Add("X-Signer-Alias", "ec384-key"));
        Assert.Equal(200, status);
        var result = Soap.Verify(body, ec);
        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(SignatureAlgorithm.EcdsaSha384, result.Algorithm);

        // Without the header the step's own alias signs.
        var rsa = await _tenant.CertificateAsync("rsa-key");
        (_, body, _) = await Soap.SendAsync(_tenant.Anonymous, _tenant.Endpoint, SoapVersion.Soap11, Soap.Envelope(SoapVersion.Soap11, "o-static"));
        Assert.True(Soap.Verify(body, rsa).IsValid);
    }

    [Fact]
    public async Task Wsdl_is_served_unsigned()
    {
        var wsdl = await _tenant.Anonymous.GetStringAsync(new Uri(_tenant.Endpoint + "?wsdl"));
        Assert.Contains("wsdl:definitions", wsdl, StringComparison.Ordinal);
        Assert.Contains("SubmitOrder", wsdl, StringComparison.Ordinal);
        Assert.Contains("soap12", wsdl, StringComparison.Ordinal);
        Assert.DoesNotContain("Signature", wsdl, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SoapVersion.Soap11, "this is not xml <")]
    [InlineData(SoapVersion.Soap12, "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body><SubmitOrder xmlns=\"http://rotation.example/orders/2026\"><request><OrderId>")]
    [InlineData(SoapVersion.Soap11, "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e \"boom\">]><s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>&e;</s:Body></s:Envelope>")]
    [InlineData(SoapVersion.Soap11, "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><Unknown xmlns=\"urn:x\"/></s:Body></s:Envelope>")]
    [InlineData(SoapVersion.Soap11, "")]
    public async Task Malformed_soap_gets_a_signed_soap_fault_never_a_stack_trace(SoapVersion version, string body)
    {
        await _tenant.SetSignerAsync(new { alias = "rsa-key", algorithm = "auto", keyReference = "BinarySecurityToken" });
        var rsa = await _tenant.CertificateAsync("rsa-key");
        var (status, bytes, _) = await Soap.SendAsync(_tenant.Anonymous, _tenant.Endpoint, version, body);
        var text = Encoding.UTF8.GetString(bytes);

        Assert.True(status is >= 400 and < 600, $"{status}: {text}");
        Assert.Contains("Fault", text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain(".cs:line", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        // Faults are signed too, so that a sender can tell our fault from a forged one.
        var result = Soap.Verify(bytes, rsa);
        Assert.True(result.IsValid, result.ToString());
    }

    [Fact]
    public async Task Simulated_failures_are_signed_faults_and_latency_is_applied()
    {
        await _tenant.SetSignerAsync(new { alias = "rsa-key", algorithm = "auto", keyReference = "BinarySecurityToken" });
        var rsa = await _tenant.CertificateAsync("rsa-key");
        await _tenant.SendJsonAsync(HttpMethod.Put, TenantRoutes.Flow, new { processingLatencyMs = 150, failureShare = 1.0 });
        try
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            var (status, bytes, _) = await Soap.SendAsync(_tenant.Anonymous, _tenant.Endpoint, SoapVersion.Soap11, Soap.Envelope(SoapVersion.Soap11, "o-fail"));
            Assert.True(started.Elapsed >= TimeSpan.FromMilliseconds(140));
            Assert.Equal(500, status);
            Assert.Contains("simulated failure", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
            Assert.True(Soap.Verify(bytes, rsa).IsValid);
        }
        finally
        {
            await _tenant.SendJsonAsync(HttpMethod.Put, TenantRoutes.Flow, new { processingLatencyMs = 0, failureShare = 0.0 });
        }
    }
}
