using Microsoft.Extensions.Time.Testing;
using Rotation.Drill.Cli;
using Rotation.Drill.Running;
using Rotation.Drill.Tenants;
using Rotation.Tenant.Hosting;

namespace Rotation.Drill.Tests;

/// <summary>
/// --tenant-api cpi on the command line (docs/DESIGN.md §9): conflicting or missing options exit 2, all at once and
/// before anything starts; a tenant that refuses the drill's credentials or its CSRF session exits 3 naming the options.
/// </summary>
public sealed class CpiOptionAndRefusalTests
{
    private const string Client = CpiTestTenant.Client, Secret = CpiTestTenant.Secret;
    private const string Remote = "http://127.0.0.1:9/";

    [Theory]
    [InlineData("--exchange-method belongs to the platform's API: add --tenant-api cpi", "--exchange-method", "rename")]
    [InlineData("--alias belongs to the platform's API", "--tenant", Remote, "--tenant-token", "t", "--alias", "a")]
    [InlineData("--cpi-client-id: the in-process tenant makes its own API client", "--tenant-api", "cpi", "--cpi-client-id", "c")]
    [InlineData("--flow-url: the in-process tenant makes its own API client and knows its flow", "--tenant-api", "cpi", "--flow-url", "http://127.0.0.1:9/cxf/orders")]
    [InlineData("--tenant-api cpi with --tenant needs --alias", "--tenant-api", "cpi", "--tenant", Remote, "--cpi-user", "u", "--cpi-password", "p")]
    [InlineData("--tenant-api cpi with --tenant needs credentials", "--tenant-api", "cpi", "--tenant", Remote, "--alias", "a")]
    [InlineData("not both", "--tenant-api", "cpi", "--tenant", Remote, "--alias", "a", "--cpi-user", "u", "--cpi-password", "p", "--cpi-client-id", "c")]
    [InlineData("--cpi-token-url: give the service key's tokenurl", "--tenant-api", "cpi", "--tenant", Remote, "--alias", "a", "--cpi-client-id", "c", "--cpi-client-secret", "s")]
    [InlineData("--cpi-password: give the password of the Basic credentials", "--tenant-api", "cpi", "--tenant", Remote, "--alias", "a", "--cpi-user", "u")]
    [InlineData("--tenant-token is the admin API's token", "--tenant-api", "cpi", "--tenant", Remote, "--tenant-token", "t", "--alias", "a", "--cpi-user", "u", "--cpi-password", "p")]
    [InlineData("--delivery-window -1: give the seconds", "--tenant-api", "cpi", "--delivery-window", "-1")]
    public async Task Conflicting_or_missing_options_exit_2_before_anything_starts(string expected, params string[] args)
    {
        var output = new StringWriter();
        Assert.Equal(ExitCodes.Usage, await DrillCli.RunAsync(args, output));
        Assert.Contains(expected, output.ToString());
        Assert.Contains("Nothing was started.", output.ToString());
    }

    [Fact]
    public async Task Every_problem_is_listed_at_once()
    {
        var output = new StringWriter();
        var exit = await DrillCli.RunAsync(["--tenant-api", "cpi", "--tenant", Remote, "--cpi-client-id", "c", "--rate", "0", "--delivery-window", "5000"], output);

        Assert.Equal(ExitCodes.Usage, exit);
        var text = output.ToString();
        Assert.Contains("--rate 0", text);
        Assert.Contains("--delivery-window 5000", text);
        Assert.Contains("needs --alias", text);
        Assert.Contains("--cpi-token-url: give the service key's tokenurl", text);
        Assert.Contains("--cpi-client-secret: give the service key's clientsecret", text);
    }

    /// <summary>OAuth refused at the token endpoint, or Basic refused by /api/v1 ({token-url} stands for the tenant's /oauth/token).</summary>
    [Theory]
    [InlineData("refused the drill's client credentials (401: invalid_client)", "--cpi-token-url, --cpi-client-id and --cpi-client-secret",
        "--cpi-token-url", "{token-url}", "--cpi-client-id", Client, "--cpi-client-secret", "wrong-secret-0123456789")]
    [InlineData("refused the drill's credentials (401)", "--cpi-user and --cpi-password", "--cpi-user", Client, "--cpi-password", "wrong-password")]
    public async Task Wrong_credentials_exit_3_naming_the_options(string refusal, string options, params string[] credentials)
    {
        await using var running = await CpiTestTenant.StartAsync();
        var tenant = running.Host;
        var tokenUrl = new Uri(tenant.BaseAddress, "oauth/token").ToString();
        var (exit, output) = await DrillAgainstAsync(tenant, tenant.BaseAddress, [.. credentials.Select(c => c == "{token-url}" ? tokenUrl : c)]);

        Assert.Equal(ExitCodes.ServiceUnavailable, exit);
        Assert.Contains(refusal, output);
        Assert.Contains(options, output);
    }

    /// <summary>Behind a gateway that drops the session cookie every CSRF token is refused, even the one fetched again: exit 3, nothing created.</summary>
    [Fact]
    public async Task A_CSRF_session_the_tenant_never_gets_back_exits_3_after_one_retry_and_leaves_the_keystore_as_found()
    {
        await using var running = await CpiTestTenant.StartAsync();
        var tenant = running.Host;
        await using var proxy = await CookieDroppingProxy.StartAsync(tenant.BaseAddress);
        var entries = tenant.Keystore.Current.Entries.Count;
        var (exit, output) = await DrillAgainstAsync(tenant, proxy.Address, "--flow-url", tenant.EndpointAddress.ToString(),
            "--cpi-user", Client, "--cpi-password", Secret, "--exchange-method", "rename", "--rate", "20", "--phase", "0.2");

        Assert.Equal(ExitCodes.ServiceUnavailable, exit);
        Assert.Contains("refused for want of a CSRF token even after fetching a new one (403, X-CSRF-Token: Required)", output);
        Assert.Contains("--cpi-user and --cpi-password", output);
        Assert.Equal(entries, tenant.Keystore.Current.Entries.Count);
    }

    /// <summary>A session that ended on the tenant (its CSRF sessions expire on its clock) costs one fetch and one retry, not a failed call.</summary>
    [Fact]
    public async Task An_expired_CSRF_session_is_fetched_again_and_the_call_retried_once()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var running = await CpiTestTenant.StartAsync(time);
        var tenant = running.Host;
        using var api = new CpiConnection(tenant.BaseAddress, CpiCredentials.Basic(Client, Secret), TimeProvider.System);

        await api.ModifyAsync(HttpMethod.Post, "KeyPairGenerationRequests", KeyPair("first"), CancellationToken.None);
        time.Advance(Rotation.Tenant.CpiApi.CsrfSessions.Lifetime + TimeSpan.FromMinutes(1));
        await api.ModifyAsync(HttpMethod.Post, "KeyPairGenerationRequests", KeyPair("second"), CancellationToken.None);

        Assert.NotNull(tenant.Keystore.Current.Find("first"));
        Assert.NotNull(tenant.Keystore.Current.Find("second"));
    }

    /// <summary>The drill's command line with --tenant-api cpi against <paramref name="address"/> (the tenant, or a gateway in front of it).</summary>
    private static async Task<(int Exit, string Output)> DrillAgainstAsync(TenantHost tenant, Uri address, params string[] options)
    {
        var output = new StringWriter();
        var exit = await DrillCli.RunAsync(["--tenant-api", "cpi", "--tenant", address.ToString(), "--alias", tenant.SignerStep.Current.Alias, .. options], output);
        return (exit, output.ToString());
    }

    private static Dictionary<string, object?> KeyPair(string alias) =>
        new() { ["Hexalias"] = "x", ["Alias"] = alias, ["CommonName"] = alias, ["Country"] = "DE", ["KeyType"] = "EC", ["KeySize"] = 256 };
}
