using System.CommandLine;
using System.Security.Cryptography;
using Rotation.Drill.Running;
using Rotation.Shared.Certificates;

namespace Rotation.Drill.Cli;

/// <summary>
/// <c>drill ca create --out DIR</c> and <c>drill ca sign --ca DIR --csr FILE --out FILE</c>: a test CA for rehearsals
/// (docs/DESIGN.md §12). The CA certificate goes to the sender (trust it as a CA); the signed chain goes to the tenant
/// (import it onto the key pair the CSR came from).
/// </summary>
internal static class CaCommand
{
    public static Command Create(TextWriter output, TimeProvider time)
    {
        var command = new Command("ca", "A test CA for rehearsals: create one, sign a tenant key pair's CSR with it. Not for production.");
        command.Subcommands.Add(CreateCa(output, time));
        command.Subcommands.Add(Sign(output, time));
        return command;
    }

    private static Command CreateCa(TextWriter output, TimeProvider time)
    {
        var outDir = new Option<string>("--out") { Description = $"Directory for {TestCertificateAuthority.CertificateFile} (give it to the sender) and {TestCertificateAuthority.KeyFile} (the CA's private key, 0600).", Required = true, HelpName = "DIR" };
        var subject = new Option<string>("--subject") { Description = "The CA's subject DN.", DefaultValueFactory = _ => "CN=Rotation Test CA, O=Rotation" };
        var days = new Option<int>("--days") { Description = "Validity of the CA certificate in days.", DefaultValueFactory = _ => 5 * 365 };
        var command = new Command("create", "Create a test CA (RSA 3072, basic constraints CA=true, key usage keyCertSign and cRLSign).") { outDir, subject, days };
        command.SetAction(async (parse, ct) =>
        {
            var directory = parse.GetValue(outDir)!;
            var problems = new List<string>();
            if (parse.GetValue(days) is < 1 or > 36500) problems.Add($"--days {parse.GetValue(days)}: give the CA's validity in days, from 1 to 36500");
            if (File.Exists(Path.Combine(directory, TestCertificateAuthority.KeyFile))) problems.Add($"--out {directory}: a CA is already there ({TestCertificateAuthority.KeyFile}); choose another directory");
            if (!IsDistinguishedName(parse.GetValue(subject)!)) problems.Add($"--subject '{parse.GetValue(subject)}' is not a distinguished name such as CN=My Test CA, O=Example");
            if (await ReportAsync(output, problems)) return ExitCodes.Usage;
            using var ca = TestCertificateAuthority.Create(parse.GetValue(subject)!, time.GetUtcNow().AddMinutes(-5), TimeSpan.FromDays(parse.GetValue(days)));
            await ca.SaveAsync(directory, ct);
            await output.WriteLineAsync($"test CA {ca.Certificate.Subject}, valid until {ca.Certificate.NotAfter.ToUniversalTime():yyyy-MM-dd}, SHA-256 {CertificateInfo.Fingerprint(ca.Certificate)}");
            await output.WriteLineAsync($"  {Path.Combine(directory, TestCertificateAuthority.CertificateFile)}: trust it on the sender as a CA (sender trust add-ca, or POST /admin/trust/authorities)");
            await output.WriteLineAsync($"  {Path.Combine(directory, TestCertificateAuthority.KeyFile)}: the CA's private key; keep it to sign CSRs");
            return ExitCodes.Succeeded;
        });
        return command;
    }

    private static Command Sign(TextWriter output, TimeProvider time)
    {
        var caDir = new Option<string>("--ca") { Description = "The directory 'ca create' wrote.", Required = true, HelpName = "DIR" };
        var csr = new Option<string>("--csr") { Description = "The CSR (PEM) of the tenant's key pair: GET /admin/keystore/entries/{alias}/csr.", Required = true, HelpName = "FILE" };
        var outFile = new Option<string>("--out") { Description = "Where to write the signing response: the issued certificate, then the CA's (PEM).", Required = true, HelpName = "FILE" };
        var days = new Option<int>("--days") { Description = "Validity of the issued certificate in days (never beyond the CA's).", DefaultValueFactory = _ => 397 };
        var command = new Command("sign", "Sign a CSR into a certificate fit for signing messages (CA=false, key usage digitalSignature) and write the chain.") { caDir, csr, outFile, days };
        command.SetAction(async (parse, ct) =>
        {
            var problems = new List<string>();
            if (parse.GetValue(days) is < 1 or > 36500) problems.Add($"--days {parse.GetValue(days)}: give the certificate's validity in days, from 1 to 36500");
            var directory = parse.GetValue(caDir)!;
            if (!File.Exists(Path.Combine(directory, TestCertificateAuthority.KeyFile))) problems.Add($"--ca {directory}: no test CA there (run 'ca create --out {directory}' first)");
            if (!File.Exists(parse.GetValue(csr))) problems.Add($"--csr {parse.GetValue(csr)}: no such file");
            if (await ReportAsync(output, problems)) return ExitCodes.Usage;
            using var ca = await TestCertificateAuthority.LoadAsync(directory, ct);
            System.Security.Cryptography.X509Certificates.X509Certificate2 issued;
            try
            {
                var request = await File.ReadAllTextAsync(parse.GetValue(csr)!, ct);
                issued = ca.Sign(request, time.GetUtcNow().AddMinutes(-5), TimeSpan.FromDays(parse.GetValue(days)));
            }
            catch (Exception e) when (e is CryptographicException or ArgumentException)
            {
                await output.WriteLineAsync($"--csr {parse.GetValue(csr)}: not a PEM certificate signing request whose signature verifies ({e.Message})");
                return ExitCodes.Usage;
            }
            using (issued)
            {
                await File.WriteAllTextAsync(parse.GetValue(outFile)!, ca.ChainPem(issued), ct);
                await output.WriteLineAsync($"issued {issued.Subject}, serial {CertificateInfo.SerialDecimal(issued)}, valid until {issued.NotAfter.ToUniversalTime():yyyy-MM-dd}, SHA-256 {CertificateInfo.Fingerprint(issued)}");
                await output.WriteLineAsync($"  {parse.GetValue(outFile)}: import it onto the key pair (PUT /admin/keystore/entries/{{alias}}/chain, or CertificateChainResources on /api/v1)");
            }
            return ExitCodes.Succeeded;
        });
        return command;
    }

    private static bool IsDistinguishedName(string subject)
    {
        try { return !string.IsNullOrWhiteSpace(subject) && new System.Security.Cryptography.X509Certificates.X500DistinguishedName(subject).RawData.Length > 2; }
        catch (CryptographicException) { return false; }
    }

    private static async Task<bool> ReportAsync(TextWriter output, List<string> problems)
    {
        foreach (var problem in problems) await output.WriteLineAsync(problem);
        if (problems.Count > 0) await output.WriteLineAsync("Nothing was written. See --help.");
        return problems.Count > 0;
    }
}
