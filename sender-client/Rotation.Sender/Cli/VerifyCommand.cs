using System.CommandLine;
using System.Globalization;
using Rotation.Shared.Certificates;
using Rotation.Shared.Verification;

namespace Rotation.Sender.Cli;

/// <summary>verify FILE --trust CERT [--trust CERT2] [--at TIME]: check one captured response offline.</summary>
internal static class VerifyCommand
{
    public static Command Create(TimeProvider time)
    {
        var file = new Argument<string>("file") { Description = "A captured signed SOAP response (the raw bytes as received)." };
        var trust = CommonOptions.Trust(required: true);
        var at = new Option<DateTimeOffset?>("--at")
        {
            Description = "Check timestamp and certificate validity as of this time (ISO 8601, e.g. 2026-01-01T00:00:00Z) instead of now.",
            HelpName = "TIME",
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
                if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)) return value;
                result.AddError($"--at must be an ISO 8601 time such as 2026-01-01T00:00:00Z, not '{text}'");
                return null;
            },
        };
        var command = new Command("verify", "Verify one captured signed response offline. Exit 0 valid, 1 rejected, 2 usage error.") { file, trust, at };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var path = parse.GetValue(file)!;
            byte[] envelope;
            try
            {
                envelope = await File.ReadAllBytesAsync(path, cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync($"cannot read '{path}': {ex.Message}");
                return ExitCodes.Usage;
            }
            var (certificates, loadError) = await CertificateFiles.LoadAsync(parse.GetValue(trust) ?? [], cancellationToken);
            if (loadError is not null)
            {
                await error.WriteLineAsync(loadError);
                return ExitCodes.Usage;
            }
            var verifier = new SignatureVerifier(new TrustSet(certificates), VerificationPolicy.Default, time);
            var result = verifier.Verify(envelope, parse.GetValue(at));
            if (result.IsValid)
            {
                await output.WriteLineAsync($"VALID {result.Fingerprint}");
                await output.WriteLineAsync($"  verified by: {result.VerifiedBy?.Subject}");
                await output.WriteLineAsync($"  key reference: {result.KeyReference}, algorithm: {result.Algorithm}");
                await output.WriteLineAsync($"  {result.Message}");
                return ExitCodes.Success;
            }
            await output.WriteLineAsync($"REJECTED {result.Reason}: {result.Message}");
            return ExitCodes.Rejected;
        });
        return command;
    }

    internal static string Short(string fingerprint) => fingerprint.Length > 16 ? fingerprint[..16] : fingerprint;

    internal static string Describe(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate) =>
        $"{CertificateInfo.Fingerprint(certificate)}  {certificate.Subject}  (valid {certificate.NotBefore.ToUniversalTime():yyyy-MM-dd} to {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd})";
}
