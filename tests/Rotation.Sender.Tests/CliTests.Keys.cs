using System.Security.Cryptography.X509Certificates;
using Rotation.Sender.Cli;
using Rotation.Sender.Keys;
using Rotation.Sender.Tests.Infrastructure;
using Rotation.Shared.Certificates;
using Rotation.Shared.WsSecurity;

namespace Rotation.Sender.Tests;

/// <summary>The keys command and serve's request-signing options (docs/DESIGN.md §10).</summary>
public sealed partial class CliTests
{
    [Fact]
    public async Task Keys_commands_create_hand_over_exchange_keeping_the_alias_and_list_the_history()
    {
        var data = Path.Combine(_dir, "keys-data");
        var first = await Run("keys", "list", "--data-dir", data);
        var old = (await SenderKeystore.OpenAsync(data, new SenderKeystoreOptions())).Current.SigningKeyPair!.Fingerprint;
        var create = await Run("keys", "create", "sender-2026", "--data-dir", data, "--key-algorithm", "ec-p384", "--subject", "CN=Sender 2026,O=Rotation");
        var duplicate = await Run("keys", "create", "sender-2026", "--data-dir", data);
        var certificate = await Run("keys", "certificate", "sender-2026", "--data-dir", data);
        var unknown = await Run("keys", "certificate", "nobody", "--data-dir", data);
        var exchange = await Run("keys", "exchange", "sender-2026", "--data-dir", data);
        var list = await Run("keys", "list", "--data-dir", data);
        var history = await Run("keys", "history", "--data-dir", data);

        Assert.Equal(0, first.Code);
        Assert.Contains("signing alias 'sender', requests unsigned, 1 key pair(s)", first.Output);
        Assert.Equal(0, create.Code);
        Assert.Contains("EC-P384", create.Output);
        Assert.Equal(1, duplicate.Code);
        Assert.Contains("refused (DuplicateAlias)", duplicate.Error);
        Assert.Equal(0, certificate.Code);
        Assert.DoesNotContain("PRIVATE", certificate.Output, StringComparison.Ordinal);
        var handedOver = X509Certificate2.CreateFromPem(certificate.Output);
        Assert.Equal("CN=Sender 2026, O=Rotation", handedOver.Subject);
        Assert.Equal(1, unknown.Code);
        Assert.Contains("refused (UnknownAlias)", unknown.Error);
        Assert.Equal(0, exchange.Code);
        Assert.Contains($" *sender  EC-P384  {CertificateInfo.Fingerprint(handedOver)}", list.Output);
        Assert.DoesNotContain("sender-2026", list.Output);
        Assert.Equal(0, history.Code);
        Assert.Contains("1 retired key pair(s)", history.Output);
        Assert.Matches($@"  \S+  sender  {old}  retired \S+  kept until \S+", history.Output);
    }

    [Theory]
    [InlineData("keys", "create", "x", "--data-dir", "d", "--key-algorithm", "DSA-1024")]
    [InlineData("keys", "exchange", "--data-dir", "d")]
    [InlineData("keys", "certificate", "sender")]
    public async Task Keys_usage_errors_exit_2(params string[] args)
    {
        var (code, _, error) = await Run(args.Select(a => a == "d" ? Path.Combine(_dir, "keys-usage") : a).ToArray());

        Assert.Equal(2, code);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public async Task Serve_reports_bad_request_signing_options_together_with_exit_2_and_starts_nothing()
    {
        var data = Path.Combine(_dir, "never-created");
        var (code, _, error) = await Run("serve", "--data-dir", data, "--url", "http://127.0.0.1:9/", "--request-signing", "maybe",
            "--request-key-reference", "thumbprint", "--signing-key-algorithm", "DSA", "--signing-alias", "no/slash");

        Assert.Equal(2, code);
        Assert.Contains("--request-signing must be on or off, not 'maybe'", error);
        Assert.Contains("--request-key-reference: key reference 'thumbprint' is not supported", error);
        Assert.Contains("--signing-key-algorithm: 'DSA' is not a key algorithm", error);
        Assert.Contains("signing alias 'no/slash' is invalid", error);
        Assert.False(Directory.Exists(data));
    }

    [Theory]
    [InlineData(new[] { "--request-signing", "on", "--request-key-reference", "issuer-serial" }, true, KeyReference.IssuerSerial)]
    [InlineData(new[] { "--request-key-reference", "bst" }, true, KeyReference.BinarySecurityToken)]
    [InlineData(new[] { "--request-signing", "off" }, false, KeyReference.BinarySecurityToken)]
    public async Task Serve_applies_its_request_signing_options_to_the_keystore(string[] signingArgs, bool enabled, KeyReference keyReference)
    {
        var data = Path.Combine(_dir, "serve-signing");
        var output = new StringWriter();
        var synchronized = TextWriter.Synchronized(output);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var serve = SenderCli.RunAsync(["serve", "--data-dir", data, "--url", "http://127.0.0.1:9/", "--urls", "http://127.0.0.1:0", "--no-traffic",
            "--admin-token", "signing-admin-token-0123456789", "--signing-alias", "partner-a", "--signing-key-algorithm", "EC-P256", .. signingArgs],
            synchronized, TextWriter.Null, cancellationToken: stop.Token);

        await Eventually.TrueAsync(() => { lock (synchronized) return output.ToString().Contains("requests ", StringComparison.Ordinal) || serve.IsCompleted; },
            "serve reports its request signing", TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        Assert.Equal(0, await serve);

        var stored = (await SenderKeystore.OpenAsync(data, new SenderKeystoreOptions())).Current;
        Assert.Equal("partner-a", stored.SigningAlias);
        Assert.Equal("EC-P256", stored.SigningKeyPair!.Algorithm);
        Assert.Equal(new RequestSigningSettings(enabled, keyReference), stored.Signing);
        lock (synchronized)
            Assert.Contains(enabled ? $"requests signed with 'partner-a' ({stored.SigningKeyPair.Fingerprint}, {keyReference})" : "requests unsigned", output.ToString());
    }
}
