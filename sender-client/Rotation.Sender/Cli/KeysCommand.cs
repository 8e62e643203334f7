using System.CommandLine;
using Rotation.Sender.Keys;
using Rotation.Shared.Certificates;

namespace Rotation.Sender.Cli;

/// <summary>keys list|create|certificate|exchange|history --data-dir DIR: the sender keystore of a (stopped) sender.</summary>
internal static class KeysCommand
{
    public static Command Create(TimeProvider time)
    {
        var command = new Command("keys", "Inspect and change the sender's own key pairs in a data directory (docs/DESIGN.md §10). While 'serve' runs, use its admin API instead.");
        command.Subcommands.Add(List(time));
        command.Subcommands.Add(CreateKeyPair(time));
        command.Subcommands.Add(Certificate(time));
        command.Subcommands.Add(Exchange(time));
        command.Subcommands.Add(History(time));
        return command;
    }

    private static Command List(TimeProvider time)
    {
        var dataDir = CommonOptions.DataDir();
        var command = new Command("list", "List the key pairs; the signing alias is marked with *.") { dataDir };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var keystore = await OpenAsync(parse.GetValue(dataDir)!, time, cancellationToken);
            await PrintAsync(parse.InvocationConfiguration.Output, keystore);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateKeyPair(TimeProvider time)
    {
        var dataDir = CommonOptions.DataDir();
        var alias = new Argument<string>("alias") { Description = "The new key pair's alias (" + KeyAlias.Rule + ")." };
        var algorithm = new Option<KeyAlgorithm>("--key-algorithm")
        {
            Description = $"Key algorithm: {KeyAlgorithmText.Description}.",
            DefaultValueFactory = _ => KeyAlgorithm.Rsa2048,
            HelpName = "ALGORITHM",
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
                if (KeyAlgorithmText.TryParse(text, out var parsed)) return parsed;
                result.AddError("--key-algorithm: " + KeyAlgorithmText.Refusal(text));
                return default;
            },
        };
        var subject = new Option<string?>("--subject") { Description = "The certificate's subject DN (default CN=<alias>).", HelpName = "DN" };
        var command = new Command("create", "Create a key pair with a self-signed certificate under a new alias; requests stay signed with the signing alias.") { alias, dataDir, algorithm, subject };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var keystore = await OpenAsync(parse.GetValue(dataDir)!, time, cancellationToken);
            return await ReportAsync(parse, keystore, await keystore.CreateAsync(ChangeContext.System, parse.GetValue(alias)!, parse.GetValue(algorithm), parse.GetValue(subject), cancellationToken: cancellationToken));
        });
        return command;
    }

    private static Command Certificate(TimeProvider time)
    {
        var dataDir = CommonOptions.DataDir();
        var alias = new Argument<string>("alias") { Description = "The key pair's alias." };
        var command = new Command("certificate", "Print a key pair's certificate as PEM: what the tenant's administrator imports. Never the private key.") { alias, dataDir };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var keystore = await OpenAsync(parse.GetValue(dataDir)!, time, cancellationToken);
            if (keystore.Current.Find(parse.GetValue(alias)!) is not { } keyPair)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"refused ({KeystoreError.UnknownAlias}): no key pair with alias '{parse.GetValue(alias)}'");
                return ExitCodes.Rejected;
            }
            await parse.InvocationConfiguration.Output.WriteAsync(keyPair.CertificatePem + "\n");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Exchange(TimeProvider time)
    {
        var dataDir = CommonOptions.DataDir();
        var from = new Argument<string>("from") { Description = "The alias of the new key pair; it moves under the signing alias (or --alias) and its own alias disappears." };
        var alias = new Option<string?>("--alias") { Description = "The alias to exchange (default: the signing alias).", HelpName = "ALIAS" };
        var command = new Command("exchange", "Exchange keeping the alias: the new key pair takes the alias, the old one goes to the key history (kept at least 90 days).") { from, dataDir, alias };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var keystore = await OpenAsync(parse.GetValue(dataDir)!, time, cancellationToken);
            var target = parse.GetValue(alias) ?? keystore.Current.SigningAlias;
            return await ReportAsync(parse, keystore, await keystore.ExchangeAsync(ChangeContext.System, target, parse.GetValue(from)!, cancellationToken));
        });
        return command;
    }

    private static Command History(TimeProvider time)
    {
        var dataDir = CommonOptions.DataDir();
        var command = new Command("history", "List the key pairs exchanges retired, with when each may be purged.") { dataDir };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var keystore = await OpenAsync(parse.GetValue(dataDir)!, time, cancellationToken);
            var output = parse.InvocationConfiguration.Output;
            var history = keystore.Current.History;
            await output.WriteLineAsync($"{history.Count} retired key pair(s) in {keystore.FilePath}");
            foreach (var retired in history)
                await output.WriteLineAsync($"  {retired.Id}  {retired.Alias}  {retired.Fingerprint}  retired {retired.RetiredAt:O}  kept until {keystore.PurgeableFrom(retired):O}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Task<SenderKeystore> OpenAsync(string dataDir, TimeProvider time, CancellationToken cancellationToken) =>
        SenderKeystore.OpenAsync(dataDir, new SenderKeystoreOptions(), time, cancellationToken);

    private static Task<int> ReportAsync(ParseResult parse, SenderKeystore keystore, KeystoreChange change) =>
        ChangeReport.WriteAsync(parse, change.Succeeded ? null : change.Error.ToString(), change.Message, output => PrintAsync(output, keystore));

    private static async Task PrintAsync(TextWriter output, SenderKeystore keystore)
    {
        var snapshot = keystore.Current;
        var signing = snapshot.Signing.Enabled ? $"requests signed ({snapshot.Signing.KeyReference})" : "requests unsigned";
        await output.WriteLineAsync($"revision {snapshot.Revision}, signing alias '{snapshot.SigningAlias}', {signing}, {snapshot.KeyPairs.Count} key pair(s), {snapshot.History.Count} retired, in {keystore.FilePath}");
        foreach (var keyPair in snapshot.KeyPairs.Values.OrderBy(k => k.Alias, StringComparer.Ordinal))
        {
            var mark = SenderKeystoreSnapshot.AliasComparer.Equals(keyPair.Alias, snapshot.SigningAlias) ? "*" : " ";
            await output.WriteLineAsync($" {mark}{keyPair.Alias}  {keyPair.Algorithm}  {keyPair.Fingerprint}  {keyPair.PublicCertificate.Subject}  created {keyPair.CreatedAt:O}");
        }
    }
}
