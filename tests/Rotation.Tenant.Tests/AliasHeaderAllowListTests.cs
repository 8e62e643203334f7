using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Rotation.Tenant.Tests.Support;

namespace Rotation.Tenant.Tests;

/// <summary>
/// The dynamic signing alias (an alias named by a request header) is limited to the aliases configured with it: once
/// switched on, a caller must not be able to pick any key pair in the keystore.
/// </summary>
public sealed class AliasHeaderAllowListTests
{
    [Fact]
    public async Task A_header_naming_an_alias_outside_the_allow_list_is_refused_with_a_signed_fault_and_logged()
    {
        await using var tenant = await TestTenant.StartAsync();
        await tenant.CreateKeyPairAsync("allowed");
        await tenant.CreateKeyPairAsync("private");
        await tenant.SetSignerAsync(new { aliasHeader = "X-Signer-Alias", allowedAliases = new[] { "allowed" } });
        var own = await tenant.CertificateAsync("tenant-signing");

        var (status, body, _) = await Soap.SendAsync(tenant.Anonymous, tenant.Endpoint, SoapVersion.Soap12, Soap.Envelope(SoapVersion.Soap12, "pick-any"),
            r => r.Headers.Add("X-Signer-Alias", "private"));

        Assert.Equal(403, status);
        var text = System.Text.Encoding.UTF8.GetString(body);
        Assert.Contains("private&apos; named by header X-Signer-Alias is not one of the signer step&apos;s allowed aliases", text, StringComparison.Ordinal);
        Assert.Contains("Sender", text, StringComparison.Ordinal);
        var verified = Soap.Verify(body, own);
        Assert.True(verified.IsValid, verified.ToString());
        var logged = await tenant.GetJsonAsync(TenantRoutes.MessagesWhere(status: MessageStatus.Fault));
        Assert.Equal(403, logged[0].GetProperty("httpStatus").GetInt32());
        Assert.Equal("tenant-signing", logged[0].GetProperty("alias").GetString());

        // The allowed alias signs, and the step's own alias may always be named.
        foreach (var (alias, order) in new[] { ("allowed", "named-allowed"), ("TENANT-SIGNING", "named-own") })
        {
            (status, body, _) = await Soap.SendAsync(tenant.Anonymous, tenant.Endpoint, SoapVersion.Soap11, Soap.Envelope(SoapVersion.Soap11, order), r => r.Headers.Add("X-Signer-Alias", alias));
            Assert.Equal(200, status);
            Assert.True(Soap.Verify(body, await tenant.CertificateAsync(alias.ToLowerInvariant())).IsValid, alias);
        }
    }

    public static TheoryData<string, object> InvalidLists() => new()
    {
        { "not an alias", new { aliasHeader = "X-Signer-Alias", allowedAliases = new[] { "has space" } } },
        { "repeated", new { aliasHeader = "X-Signer-Alias", allowedAliases = new[] { "a", "A" } } },
        { "too many", new { aliasHeader = "X-Signer-Alias", allowedAliases = Enumerable.Range(0, 33).Select(i => $"alias-{i}").ToArray() } },
        { "null element", new { aliasHeader = "X-Signer-Alias", allowedAliases = new string?[] { "a", null } } },
        { "800 characters", new { aliasHeader = "X-Signer-Alias", allowedAliases = new[] { new string('a', 800) } } },
    };

    [Theory]
    [MemberData(nameof(InvalidLists))]
    public async Task The_admin_api_refuses_an_invalid_allow_list_and_changes_nothing(string name, object body)
    {
        await using var tenant = await TestTenant.StartAsync();
        var generation = tenant.Host.State.Current.Generation;
        using var response = await tenant.Admin.PutAsJsonAsync(TenantRoutes.Signer, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}: HTTP {(int)response.StatusCode} {text}");
        Assert.Equal("InvalidRequest", JsonDocument.Parse(text).RootElement.GetProperty("code").GetString());
        Hostile.AssertCleanError(text);
        Assert.Equal(generation, tenant.Host.State.Current.Generation);
        Assert.Null((await tenant.GetJsonAsync(TenantRoutes.Signer)).GetProperty("aliasHeader").GetString());
    }
}
