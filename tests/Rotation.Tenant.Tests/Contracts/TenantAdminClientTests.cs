using System.Net;
using Rotation.Shared.Admin;
using Rotation.Tenant.Tests.Support;

namespace Rotation.Tenant.Tests.Contracts;

/// <summary>The typed client turns the tenant's problem+json into an <see cref="AdminProblem"/> with its type, code and detail.</summary>
public sealed class TenantAdminClientTests : IAsyncLifetime
{
    private TestTenant _tenant = null!;

    public async Task InitializeAsync() => _tenant = await TestTenant.StartAsync();

    public async Task DisposeAsync() => await _tenant.DisposeAsync();

    [Fact]
    public async Task A_refused_change_is_a_problem_with_the_tenants_code_and_detail()
    {
        Assert.True((await _tenant.Client.CreateKeyPairAsync(new CreateKeyPairBody("twice", "EC", 256), default)).Succeeded);

        var again = await _tenant.Client.CreateKeyPairAsync(new CreateKeyPairBody("twice", "EC", 256), default);

        Assert.False(again.Succeeded);
        var problem = again.Problem!;
        Assert.Equal(HttpStatusCode.Conflict, problem.Status);
        Assert.Equal("DuplicateAlias", problem.Code);
        Assert.Equal("https://rotation.example/problems/duplicate-alias", problem.Type);
        Assert.Contains("twice", problem.Detail, StringComparison.Ordinal);
        Assert.Equal($"POST {TenantRoutes.KeyPairs}", again.Call);
        Assert.Throws<InvalidOperationException>(() => again.Value);
        Assert.Equal(2, _tenant.Host.Keystore.Current.Entries.Count);
    }

    [Fact]
    public async Task An_unknown_alias_is_a_404_problem()
    {
        var answer = await _tenant.Client.EntryAsync("no such/alias", default);

        Assert.Equal(HttpStatusCode.NotFound, answer.Problem!.Status);
        Assert.Equal("UnknownAlias", answer.Problem.Code);
        Assert.Contains("no such/alias", answer.Problem.Detail, StringComparison.Ordinal);
        Assert.False(answer.Problem.AccessRefused);
    }

    [Fact]
    public async Task A_wrong_token_is_an_access_refusal_and_changes_nothing()
    {
        var wrong = new TenantAdminClient(_tenant.Anonymous, "not-the-token-0123456789");

        var answer = await wrong.DeleteEntryAsync((await _tenant.Client.SignerStepAsync(default)).Value.Alias, default);

        Assert.True(answer.Problem!.AccessRefused);
        Assert.Equal(HttpStatusCode.Unauthorized, answer.Problem.Status);
        Assert.Equal("Unauthorized", answer.Problem.Code);
        Assert.Single(_tenant.Host.Keystore.Current.Entries);
    }
}
