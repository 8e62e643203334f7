using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Rotation.Drill.Cli;
using Rotation.Drill.Running;
using Rotation.Sender.Contracts;

namespace Rotation.Drill.Tests;

/// <summary>docs/DESIGN.md §12: drill ca create / ca sign, the test CA for rehearsals.</summary>
public sealed class CaCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("drill-ca-").FullName;

    [Fact]
    public async Task Create_then_sign_issues_a_certificate_fit_for_signing_under_a_CA_certificate()
    {
        var ca = Path.Combine(_dir, "ca");
        var output = new StringWriter();
        Assert.Equal(ExitCodes.Succeeded, await DrillCli.RunAsync(["ca", "create", "--out", ca, "--subject", "CN=Rehearsal CA, O=Example"], output));
        Assert.True(File.Exists(Path.Combine(ca, "ca.pem")) && File.Exists(Path.Combine(ca, "ca-key.pem")));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(ca, "ca-key.pem")));

        using var key = RSA.Create(2048);
        var csr = Path.Combine(_dir, "tenant.csr");
        await File.WriteAllTextAsync(csr, new CertificateRequest("CN=Tenant, O=Example", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1).CreateSigningRequestPem());
        var chain = Path.Combine(_dir, "chain.pem");
        Assert.Equal(ExitCodes.Succeeded, await DrillCli.RunAsync(["ca", "sign", "--ca", ca, "--csr", csr, "--out", chain, "--days", "30"], output));

        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPemFile(chain);
        Assert.Equal(2, certificates.Count);
        var (issued, authority) = (certificates[0], certificates[1]);
        Assert.Equal("CN=Tenant, O=Example", issued.Subject);
        Assert.Equal(authority.Subject, issued.Issuer);
        Assert.False(Constraints(issued).CertificateAuthority);
        Assert.True(Constraints(authority).CertificateAuthority);
        Assert.Equal(X509KeyUsageFlags.DigitalSignature, issued.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages);
        Assert.InRange((issued.NotAfter - issued.NotBefore).TotalDays, 29.9, 30.1);
        Assert.Equal(key.ExportSubjectPublicKeyInfo(), issued.PublicKey.ExportSubjectPublicKeyInfo());
        using var path = new X509Chain();
        path.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        path.ChainPolicy.CustomTrustStore.Add(authority);
        path.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(path.Build(issued), string.Join(", ", path.ChainStatus.Select(s => s.Status)));
    }

    [Fact]
    public async Task Sign_without_a_CA_or_with_a_bad_CSR_exits_2_and_writes_nothing()
    {
        var output = new StringWriter();
        var chain = Path.Combine(_dir, "chain.pem");
        Assert.Equal(ExitCodes.Usage, await DrillCli.RunAsync(["ca", "sign", "--ca", Path.Combine(_dir, "none"), "--csr", Path.Combine(_dir, "none.csr"), "--out", chain], output));
        Assert.Contains("no test CA there", output.ToString());
        Assert.Contains("no such file", output.ToString());

        var ca = Path.Combine(_dir, "ca");
        Assert.Equal(ExitCodes.Succeeded, await DrillCli.RunAsync(["ca", "create", "--out", ca], output));
        var csr = Path.Combine(_dir, "bad.csr");
        await File.WriteAllTextAsync(csr, "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n");
        output = new StringWriter();
        Assert.Equal(ExitCodes.Usage, await DrillCli.RunAsync(["ca", "sign", "--ca", ca, "--csr", csr, "--out", chain], output));
        Assert.Contains("not a PEM certificate signing request", output.ToString());
        Assert.False(File.Exists(chain));
        // A second create over an existing CA is refused: its key would be lost.
        Assert.Equal(ExitCodes.Usage, await DrillCli.RunAsync(["ca", "create", "--out", ca], output));
    }

    [Theory]
    [InlineData("--scenario other-ca needs --ca test", "--scenario", "other-ca")]
    [InlineData("--ca test rehearses the overlap procedure", "--ca", "test", "--mode", "single")]
    [InlineData("--ca test rehearses the correct procedure or the other-ca mistake", "--ca", "test", "--scenario", "remove-old-early")]
    public async Task CA_option_mismatches_exit_2_before_anything_starts(string expected, params string[] args)
    {
        var output = new StringWriter();
        Assert.Equal(ExitCodes.Usage, await DrillCli.RunAsync(args, output));
        Assert.Contains(expected, output.ToString());
        Assert.Contains("Nothing was started", output.ToString());
    }

    private static X509BasicConstraintsExtension Constraints(X509Certificate2 certificate) => certificate.Extensions.OfType<X509BasicConstraintsExtension>().Single();

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
