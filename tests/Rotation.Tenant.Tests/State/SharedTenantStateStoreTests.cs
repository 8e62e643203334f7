using Rotation.Tenant.Persistence;
using Rotation.Tenant.Persistence.Shared;
using Rotation.Tenant.State;
using Rotation.Tenant.Tests.Support;

namespace Rotation.Tenant.Tests.State;

/// <summary>The store contract on the drill's in-process shared store over a data directory (docs/DESIGN.md §8).</summary>
public sealed class SharedTenantStateStoreTests : TenantStateStoreContract, IDisposable
{
    private const string Password = "contract-keystore-password";
    private readonly string _root = TestTenant.NewDataDir();
    private DataDirectory? _directory;

    protected override Task<ITenantStateStore> CreateStoreAsync()
    {
        _directory = DataDirectory.Open(_root);
        return Task.FromResult<ITenantStateStore>(new SharedTenantStateStore(new FileTenantStateStore(_directory, Password)));
    }

    protected override Task<ITenantStateStore> ReopenAsync() =>
        Task.FromResult<ITenantStateStore>(new SharedTenantStateStore(new FileTenantStateStore(_directory ?? throw new InvalidOperationException("no store created"), Password)));

    [Fact]
    public async Task A_commit_is_announced_and_a_conflict_is_not()
    {
        var store = (SharedTenantStateStore)await CreateStoreAsync();
        var before = await store.LoadAsync(Initial, default);
        var after = Full(before);
        var announced = store.NextCommit;

        Assert.False((await store.CommitAsync(new StateCommit(after, after with { Generation = 2 }, []), default)).Committed);
        Assert.False(announced.IsCompleted);

        Assert.True((await store.CommitAsync(new StateCommit(before, after, Records(after, "key-pair-added")), default)).Committed);
        Assert.True(announced.IsCompletedSuccessfully);
        Assert.Equal(1, store.StoredGeneration);
        Assert.Same(after, await store.LoadAsync(Initial, default));
    }

    public void Dispose()
    {
        _directory?.Dispose();
        TestTenant.TryDelete(_root);
    }
}
