using System.CommandLine;
using Rotation.Sender.Trust;

namespace Rotation.Sender.Cli;

/// <summary>trust list|add|remove|exchange|mode --data-dir DIR: the trust store of a (stopped) sender.</summary>
internal static class TrustCommand
{
    public static Command Create(TimeProvider time)
    {
        var command = new Command("trust", "Inspect and change the trust store in a data directory. While 'serve' runs, use its admin API instead.");
        command.Subcommands.Add(List(time));
        command.Subcommands.Add(CertificateChange("add", "Trust one more certificate (overlap mode; single mode only while empty).", time, (s, c, ct) => s.AddAsync(ChangeContext.System, c, ct)));
        command.Subcommands.Add(CertificateChange("exchange", "Replace the trusted certificate(s) with this one in one atomic step (single-mode renewal).", time, (s, c, ct) => s.ExchangeAsync(ChangeContext.System, c, ct)));
        command.Subcommands.Add(CertificateChange("add-ca", "Trust a CA: certificates that chain to it verify without being pinned (revocation is not checked).", time, (s, c, ct) => s.AddAuthorityAsync(ChangeContext.System, c, ct)));
        command.Subcommands.Add(Remove(time));
        command.Subcommands.Add(RemoveCa(time));
        command.Subcommands.Add(Mode(time));
        return command;
    }

    private static Command List(TimeProvider time)
    {
        var dataDir = CommonOptions.DataDir();
        var command = new Command("list", "List the trusted certificates.") { dataDir };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var store = await TrustStore.OpenAsync(parse.GetValue(dataDir)!, TrustMode.Single, [], time, cancellationToken);
            await PrintAsync(output, store);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CertificateChange(string name, string description, TimeProvider time, Func<TrustStore, System.Security.Cryptography.X509Certificates.X509Certificate2, CancellationToken, Task<TrustChange>> change)
    {
        var dataDir = CommonOptions.DataDir();
        var certificate = new Argument<string>("cert") { Description = "The certificate file (PEM or DER)." };
        var mode = CommonOptions.Mode("Mode of a new trust store (default single).");
        var command = new Command(name, description) { certificate, dataDir, mode };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (certificates, error) = await CertificateFiles.LoadAsync([parse.GetValue(certificate)!], cancellationToken);
            if (error is not null)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync(error);
                return ExitCodes.Usage;
            }
            var store = await TrustStore.OpenAsync(parse.GetValue(dataDir)!, parse.GetValue(mode) ?? TrustMode.Single, [], time, cancellationToken);
            return await ReportAsync(parse, store, await change(store, certificates[0], cancellationToken));
        });
        return command;
    }

    private static Command Remove(TimeProvider time)
    {
        var dataDir = CommonOptions.DataDir();
        var fingerprint = new Argument<string>("fingerprint") { Description = "SHA-256 fingerprint (hex) of the certificate to stop trusting." };
        var command = new Command("remove", "Stop trusting a certificate (overlap mode; never the last one).") { fingerprint, dataDir };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var store = await TrustStore.OpenAsync(parse.GetValue(dataDir)!, TrustMode.Single, [], time, cancellationToken);
            return await ReportAsync(parse, store, await store.RemoveAsync(ChangeContext.System, parse.GetValue(fingerprint)!, cancellationToken));
        });
        return command;
    }

    private static Command RemoveCa(TimeProvider time)
    {
        var dataDir = CommonOptions.DataDir();
        var fingerprint = new Argument<string>("fingerprint") { Description = "SHA-256 fingerprint (hex) of the CA certificate to stop trusting." };
        var command = new Command("remove-ca", "Stop trusting a CA (never what leaves nothing trusted).") { fingerprint, dataDir };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var store = await TrustStore.OpenAsync(parse.GetValue(dataDir)!, TrustMode.Single, [], time, cancellationToken);
            return await ReportAsync(parse, store, await store.RemoveAuthorityAsync(ChangeContext.System, parse.GetValue(fingerprint)!, cancellationToken));
        });
        return command;
    }

    private static Command Mode(TimeProvider time)
    {
        var dataDir = CommonOptions.DataDir();
        var mode = new Argument<TrustMode>("mode")
        {
            Description = "single or overlap.",
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
                if (Enum.TryParse<TrustMode>(text, ignoreCase: true, out var value) && Enum.IsDefined(value)) return value;
                result.AddError($"mode must be single or overlap, not '{text}'");
                return default;
            },
        };
        var command = new Command("mode", "Switch between single and overlap mode.") { mode, dataDir };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var store = await TrustStore.OpenAsync(parse.GetValue(dataDir)!, TrustMode.Single, [], time, cancellationToken);
            return await ReportAsync(parse, store, await store.SetModeAsync(ChangeContext.System, parse.GetValue(mode), cancellationToken));
        });
        return command;
    }

    private static Task<int> ReportAsync(System.CommandLine.ParseResult parse, TrustStore store, TrustChange change) =>
        ChangeReport.WriteAsync(parse, change.Succeeded ? null : change.Error.ToString(), change.Message, output => PrintAsync(output, store));

    private static async Task PrintAsync(TextWriter output, TrustStore store)
    {
        var snapshot = store.Current;
        await output.WriteLineAsync($"mode {snapshot.Mode}, basis {TrustBasisText.Name(snapshot.Basis)}, revision {snapshot.Revision}, {snapshot.Entries.Length} trusted certificate(s) in {store.FilePath}");
        foreach (var entry in snapshot.Entries)
            await output.WriteLineAsync($"  {VerifyCommand.Describe(entry.Certificate)}  verified {store.VerifiedCount(entry.Fingerprint)}");
        if (snapshot.Authorities.IsEmpty) return;
        await output.WriteLineAsync($"{snapshot.Authorities.Length} trusted CA(s); revocation {TrustBasisText.Revocation}");
        foreach (var authority in snapshot.Authorities)
            await output.WriteLineAsync($"  CA {VerifyCommand.Describe(authority.Certificate)}");
    }
}
