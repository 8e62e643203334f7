using System.Collections;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using Rotation.Sender.Cli;
using Rotation.Sender.Contracts;
using Rotation.Sender.Tests.Infrastructure;
using Rotation.Shared.Contract;
using Rotation.Shared.WsSecurity;
using Rotation.Testing.Processes;

namespace Rotation.Sender.Tests;

/// <summary>The command line, run in-process through the same entry point as Program (and once as a real process).</summary>
[Collection(SenderCollection.Name)]
public sealed partial class CliTests : IDisposable
{
    private static readonly DateTimeOffset SignedAt = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TestKeys _keys;
    private readonly string _dir = Directory.CreateTempSubdirectory("rotation-cli-").FullName;
    private readonly string _oldPem;
    private readonly string _newPem;
    private readonly string _captured;

    public CliTests(TestKeys keys)
    {
        _keys = keys;
        _oldPem = Write("old.pem", TestKeys.Pem(keys.Old));
        _newPem = Write("new.pem", TestKeys.Pem(keys.New));
        // A message as captured on the wire on 2026-01-01T00:00:00Z, signed with the old key: verify reads the signature, not what the Body says.
        var signer = new ResponseSigner(new FakeTimeProvider(SignedAt));
        _captured = Write("captured.xml", signer.Sign(Encoding.UTF8.GetBytes(SampleOrderRequest.Envelope(CapturedOrderId)), keys.Old, SignerSettings.Default));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string CapturedOrderId = "ORD-1";

    [Fact]
    public async Task Verify_a_good_capture_at_its_time_exits_0_and_names_the_certificate()
    {
        var (code, output, _) = await Run("verify", _captured, "--trust", _oldPem, "--at", "2026-01-01T00:01:00Z");

        Assert.Equal(0, code);
        Assert.Contains($"VALID {_keys.Old.Fingerprint}", output);
    }

    [Fact]
    public async Task Verify_checks_the_timestamp_as_of_now_without_at_and_after_expiry_with_at()
    {
        var now = await Run("verify", _captured, "--trust", _oldPem);
        var later = await Run("verify", _captured, "--trust", _oldPem, "--at", "2026-01-01T00:10:00Z");

        Assert.Equal(1, now.Code);
        Assert.Matches(@"REJECTED Timestamp(Expired|TooOld): \S", now.Output);
        Assert.Equal(1, later.Code);
        Assert.Matches(@"REJECTED Timestamp(Expired|TooOld): \S", later.Output);
    }

    [Fact]
    public async Task Verify_with_the_other_certificate_trusted_exits_1_certificate_untrusted_and_with_both_exits_0()
    {
        var untrusted = await Run("verify", _captured, "--trust", _newPem, "--at", "2026-01-01T00:01:00Z");
        var both = await Run("verify", _captured, "--trust", _newPem, "--trust", _oldPem, "--at", "2026-01-01T00:01:00Z");

        Assert.Equal(1, untrusted.Code);
        Assert.Contains("REJECTED CertificateUntrusted:", untrusted.Output);
        Assert.Equal(0, both.Code);
    }

    public static TheoryData<string, string> Hostile => new()
    {
        { "tampered body", "DigestMismatch" },
        { "doctype", "DtdProhibited" },
        { "second body", "BodyNotUnique" },
        { "duplicate id", "DuplicateId" },
        { "signature removed", "SignatureMissing" },
        { "truncated", "Malformed" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task Verify_rejects_hostile_variants_of_a_good_capture_with_exit_1_and_a_reason(string attack, string expected)
    {
        var good = await File.ReadAllTextAsync(_captured);
        var bodyId = BodyId().Match(good).Groups[1].Value;
        var hostile = attack switch
        {
            "tampered body" => good.Replace(CapturedOrderId, "ORD-2", StringComparison.Ordinal),
            "doctype" => "<!DOCTYPE x [<!ENTITY e \"ORD-2\">]>" + good,
            "second body" => good.Replace("</s:Envelope>", "<s:Body><Evil/></s:Body></s:Envelope>", StringComparison.Ordinal),
            "duplicate id" => good.Replace("</s:Body>", $"<Evil xmlns:wsu=\"{WsNamespaces.Wsu}\" wsu:Id=\"{bodyId}\"/></s:Body>", StringComparison.Ordinal),
            "signature removed" => SignatureElement().Replace(good, ""),
            _ => good[..(good.Length / 2)],
        };
        var path = Write("hostile.xml", hostile);

        var (code, output, _) = await Run("verify", path, "--trust", _oldPem, "--at", "2026-01-01T00:01:00Z");

        Assert.Equal(1, code);
        Assert.Contains($"REJECTED {expected}:", output);
    }

    [Theory]
    [InlineData("verify")]
    [InlineData("verify", "missing.xml", "--trust", "old.pem")]
    [InlineData("verify", "captured.xml")]
    [InlineData("verify", "captured.xml", "--trust", "old.pem", "--at", "yesterday")]
    [InlineData("verify", "captured.xml", "--trust", "missing.pem")]
    [InlineData("verify", "captured.xml", "--trust", "captured.xml")]
    [InlineData("send", "--url", "http://127.0.0.1:9/", "--trust", "old.pem", "--count", "3", "--duration", "2s")]
    [InlineData("send", "--url", "http://127.0.0.1:9/", "--trust", "old.pem", "--soap", "1.3")]
    [InlineData("send", "--url", "http://127.0.0.1:9/", "--trust", "old.pem", "--trust", "new.pem", "--mode", "single")]
    [InlineData("nonsense")]
    public async Task Usage_errors_exit_2(params string[] args)
    {
        var resolved = args.Select(a => a.EndsWith(".pem", StringComparison.Ordinal) || a.EndsWith(".xml", StringComparison.Ordinal) ? Path.Combine(_dir, a) : a).ToArray();

        var (code, _, error) = await Run(resolved);

        Assert.Equal(2, code);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public async Task The_real_executable_returns_the_exit_codes()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Rotation.Sender.dll");
        Assert.True(File.Exists(dll), dll);

        var valid = await Process(dll, "verify", _captured, "--trust", _oldPem, "--at", "2026-01-01T00:01:00Z");
        var rejected = await Process(dll, "verify", _captured, "--trust", _newPem, "--at", "2026-01-01T00:01:00Z");
        var usage = await Process(dll, "verify", _captured);

        Assert.Equal(0, valid.Code);
        Assert.Equal(1, rejected.Code);
        Assert.Contains("CertificateUntrusted", rejected.Output);
        Assert.Equal(2, usage.Code);
    }

    [Fact]
    public async Task Send_exits_0_when_everything_verified_and_1_when_a_response_was_rejected()
    {
        await using var tenant = await SigningTenant.StartAsync(_keys.Old);
        var log = Path.Combine(_dir, "outcomes.jsonl");

        var good = await Run("send", "--url", tenant.BaseAddress.ToString(), "--trust", _oldPem, "--count", "6", "--rate", "50", "--log", log);
        var bad = await Run("send", "--url", tenant.Endpoint.ToString(), "--trust", _newPem, "--count", "3", "--rate", "50", "--soap", "1.2");

        Assert.True(good.Code == 0, good.Output + good.Error);
        Assert.Contains($"by {_keys.Old.Fingerprint}: 6", good.Output);
        Assert.Contains("result: OK", good.Output);
        var unreachable = await Run("send", "--url", "http://127.0.0.1:9/", "--trust", _oldPem, "--count", "2", "--timeout", "5s");
        Assert.Equal(1, unreachable.Code);
        Assert.Contains("transport errors: 2", unreachable.Output);
        var lines = await File.ReadAllLinesAsync(log);
        Assert.Equal(6, lines.Length);
        Assert.All(lines, l => Assert.Contains("\"outcome\":\"Verified\"", l));
        Assert.Equal(1, bad.Code);
        Assert.Contains("CertificateUntrusted: 3", bad.Output);
        Assert.Equal(9, tenant.Requests);
    }

    [Fact]
    public async Task Trust_commands_change_and_list_the_store_in_a_data_directory()
    {
        var data = Path.Combine(_dir, "data");

        var add = await Run("trust", "add", _oldPem, "--data-dir", data);
        var refused = await Run("trust", "add", _newPem, "--data-dir", data);
        var exchange = await Run("trust", "exchange", _newPem, "--data-dir", data);
        var mode = await Run("trust", "mode", "overlap", "--data-dir", data);
        var addOld = await Run("trust", "add", _oldPem, "--data-dir", data);
        var remove = await Run("trust", "remove", _keys.New.Fingerprint, "--data-dir", data);
        var list = await Run("trust", "list", "--data-dir", data);

        Assert.Equal(0, add.Code);
        Assert.Equal(1, refused.Code);
        Assert.Contains("SingleModeHoldsOne", refused.Error);
        Assert.Equal(0, exchange.Code);
        Assert.Equal(0, mode.Code);
        Assert.Equal(0, addOld.Code);
        Assert.Equal(0, remove.Code);
        Assert.Equal(0, list.Code);
        Assert.Contains("mode Overlap", list.Output);
        Assert.Contains(_keys.Old.Fingerprint, list.Output);
        Assert.DoesNotContain(_keys.New.Fingerprint, list.Output);
    }

    /// <summary>The real program's help: every option of every command; serve's names the variables it reads.</summary>
    [Fact]
    public async Task Help_of_the_real_program_describes_every_option_and_environment_variable()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Rotation.Sender.dll");
        var root = SenderCli.CreateRoot(TimeProvider.System, new Hashtable());
        var (rootCode, rootHelp) = await Process(dll, "--help");
        Assert.Equal(0, rootCode);
        foreach (var command in root.Subcommands)
        {
            Assert.Contains(command.Name, rootHelp);
            var (code, help) = await Process(dll, command.Name, "--help");
            Assert.Equal(0, code);
            foreach (var option in command.Options.Where(o => !o.Hidden)) Assert.Contains(option.Name, help);
            foreach (var sub in command.Subcommands)
            {
                var (subCode, subHelp) = await Process(dll, command.Name, sub.Name, "--help");
                Assert.Equal(0, subCode);
                foreach (var option in sub.Options.Where(o => !o.Hidden)) Assert.Contains(option.Name, subHelp);
            }
        }
        var (_, serveHelp) = await Process(dll, "serve", "--help");
        Assert.Contains("--admin-token <TOKEN>", serveHelp);
        Assert.Contains("[env: ROTATION_ADMIN_TOKEN]", serveHelp);
        Assert.Contains("[env: ROTATION_ADMIN_TOKENS]", serveHelp);
    }

    [Fact]
    public async Task Serve_reports_several_invalid_values_together_with_exit_2_and_starts_nothing()
    {
        var data = Path.Combine(_dir, "never-created");
        var (code, _, error) = await Run("serve", "--data-dir", data, "--url", "not-a-url", "--rate", "0", "--concurrency", "0", "--soap", "1.3", "--sender-profile", "cached-trust");

        Assert.Equal(2, code);
        Assert.Contains("--sender-profile 'cached-trust': cached-trust needs the cache lifetime, e.g. cached-trust:30s", error);
        Assert.Contains("--url must be an absolute http or https URL", error);
        Assert.Contains("--rate must be between", error);
        Assert.Contains("--concurrency must be between 1 and 1024", error);
        Assert.Contains("--soap must be 1.1 or 1.2", error);
        Assert.False(Directory.Exists(data));
    }

    [Fact]
    public async Task Send_reports_a_conflict_between_options_together_with_invalid_values()
    {
        var (code, _, error) = await Run("send", "--url", "not-a-url", "--trust", _oldPem, "--count", "3", "--duration", "2s", "--rate", "0");

        Assert.Equal(2, code);
        Assert.Contains("use either --duration or --count, not both", error);
        Assert.Contains("--url must be an absolute http or https URL", error);
        Assert.Contains("--rate must be between", error);
    }

    [Fact]
    public async Task Serve_reports_every_problem_of_its_options_together_with_exit_2_and_starts_nothing()
    {
        var data = Path.Combine(_dir, "never-created");
        var (code, _, error) = await Run(new Hashtable { ["ROTATION_ADMIN_TOKENS"] = "alice=short" },
            "serve", "--data-dir", data, "--url", "http://127.0.0.1:9/", "--trust", _oldPem, "--trust", _newPem, "--mode", "single");

        Assert.Equal(2, code);
        Assert.Contains("ROTATION_ADMIN_TOKENS: admin token 'alice' must have at least 16 characters", error);
        Assert.Contains("single mode trusts exactly one certificate", error);
        Assert.False(Directory.Exists(data));
    }

    /// <summary>serve maps ROTATION_ADMIN_TOKEN and ROTATION_ADMIN_TOKENS onto the host's options; the command line wins.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Serve_takes_its_admin_tokens_from_the_environment_unless_the_command_line_names_them(bool onCommandLine)
    {
        var data = Path.Combine(_dir, "serve-data");
        const string primary = "environment-admin-token-0123456789";
        const string ci = "environment-ci-token-0123456789";
        const string given = "command-line-token-0123456789";
        var environment = new Hashtable { ["ROTATION_ADMIN_TOKEN"] = primary, ["ROTATION_ADMIN_TOKENS"] = $"ci={ci}" };
        var output = new StringWriter();
        var synchronized = TextWriter.Synchronized(output);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        string[] args = ["serve", "--data-dir", data, "--url", "http://127.0.0.1:9/", "--urls", "http://127.0.0.1:0", "--no-traffic"];
        var serve = SenderCli.RunAsync(onCommandLine ? [.. args, "--admin-token", given] : args, synchronized, TextWriter.Null, cancellationToken: stop.Token, environment: environment);

        Uri? address = null;
        await Eventually.TrueAsync(() =>
        {
            lock (synchronized) address = AdminAddress().Match(output.ToString()) is { Success: true } m ? new Uri(m.Groups[1].Value) : null;
            return address is not null || serve.IsCompleted;
        }, "serve listens", TimeSpan.FromSeconds(30));
        Assert.False(serve.IsCompleted, $"serve ended early: {output}");
        using var http = new HttpClient { BaseAddress = address };
        async Task<HttpStatusCode> Status(string token)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.GetAsync(SenderRoutes.Trust);
            return response.StatusCode;
        }

        Assert.Equal(onCommandLine ? HttpStatusCode.Unauthorized : HttpStatusCode.OK, await Status(primary));
        Assert.Equal(onCommandLine ? HttpStatusCode.OK : HttpStatusCode.Unauthorized, await Status(given));
        Assert.Equal(HttpStatusCode.OK, await Status(ci));
        Assert.False(File.Exists(Path.Combine(data, SenderHost.AdminTokenFileName)), "a configured token is never replaced by a generated file");
        lock (synchronized) Assert.Contains(onCommandLine ? "(token: --admin-token)" : "(token: ROTATION_ADMIN_TOKEN)", output.ToString());
        await stop.CancelAsync();
        Assert.Equal(0, await serve);
    }

    [GeneratedRegex(@"sender admin API on (\S+) ")]
    private static partial Regex AdminAddress();

    private string Write(string name, string content) => Write(name, Encoding.UTF8.GetBytes(content));

    private string Write(string name, byte[] content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    private static Task<(int Code, string Output, string Error)> Run(params string[] args) => Run(null, args);

    private static async Task<(int Code, string Output, string Error)> Run(IDictionary? environment, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await SenderCli.RunAsync(args, output, error, environment: environment);
        return (code, output.ToString(), error.ToString());
    }

    private static async Task<(int Code, string Output)> Process(string dll, params string[] args)
    {
        var outcome = await ChildProcess.RunAsync(new ProcessCommand("dotnet", [dll, .. args]));
        Assert.False(outcome.TimedOut, outcome.Describe());
        return (outcome.ExitCode, outcome.StandardOutput + outcome.StandardError);
    }

    [GeneratedRegex("<s:Body[^>]*wsu:Id=\"([^\"]+)\"")]
    private static partial Regex BodyId();

    [GeneratedRegex("<ds:Signature[ >].*</ds:Signature>", RegexOptions.Singleline)]
    private static partial Regex SignatureElement();
}
