using Rotation.Tenant.Persistence;
using Rotation.Tenant.State;
using Rotation.Tenant.Tests.Support;

namespace Rotation.Tenant.Tests.State;

/// <summary>The store contract on the data directory, plus what only a file store can get wrong.</summary>
public sealed class FileTenantStateStoreTests : TenantStateStoreContract, IDisposable
{
    private const string Password = "contract-keystore-password";
    private readonly string _root = TestTenant.NewDataDir();
    private DataDirectory? _directory;

    protected override Task<ITenantStateStore> CreateStoreAsync()
    {
        _directory = DataDirectory.Open(_root);
        return Task.FromResult<ITenantStateStore>(new FileTenantStateStore(_directory, Password));
    }

    protected override Task<ITenantStateStore> ReopenAsync() =>
        Task.FromResult<ITenantStateStore>(new FileTenantStateStore(_directory ?? throw new InvalidOperationException("no store created"), Password));

    [Fact]
    public async Task Audit_records_a_crash_kept_from_the_log_are_appended_from_the_commit_point_at_load()
    {
        var (store, _) = await CommittedOnceAsync("key-pair-added");
        // The crash came after tenant-state.json was replaced, before audit.log was appended to.
        File.WriteAllText(Path.Combine(_root, "audit.log"), "");

        await (await ReopenAsync()).LoadAsync(Initial, default);
        await (await ReopenAsync()).LoadAsync(Initial, default);

        var audit = await store.ReadAuditAsync(10, default);
        Assert.Equal(1, Assert.Single(audit).Generation);
    }

    /// <summary>
    /// The defect: a crash mid-append left a line without its newline; the next record was glued to it and the whole
    /// trail could no longer be read (GET /admin/audit answered 500 from then on).
    /// </summary>
    [Fact]
    public async Task A_line_torn_by_a_crash_mid_append_neither_swallows_the_next_record_nor_breaks_reading()
    {
        var (store, first) = await CommittedOnceAsync("first");
        await File.AppendAllTextAsync(Path.Combine(_root, "audit.log"), "{\"at\":\"2026-");

        var second = first with { Generation = 2, Flow = new Orders.FlowSettings { FailureShare = 0.5 } };
        await store.CommitAsync(new StateCommit(first, second, Records(second, "second")), default);

        Assert.Equal([1L, 2L], (await store.ReadAuditAsync(10, default)).Select(r => r.Generation));
        Assert.Equal([1L, 2L], (await (await ReopenAsync()).ReadAuditAsync(10, default)).Select(r => r.Generation));
    }

    [Fact]
    public async Task A_change_without_key_changes_reuses_the_committed_key_file()
    {
        var (store, keys) = await CommittedOnceAsync("keys");
        var p12 = Assert.Single(Directory.GetFiles(_root, "keystore.*.p12"));
        var bytes = File.ReadAllBytes(p12);

        var flow = keys with { Generation = 2, Flow = new Orders.FlowSettings() };
        await store.CommitAsync(new StateCommit(keys, flow, Records(flow, "flow-changed")), default);

        Assert.Equal(p12, Assert.Single(Directory.GetFiles(_root, "keystore.*.p12")));
        Assert.Equal(bytes, File.ReadAllBytes(p12));
        Assert.Contains($"\"keys\": \"{Path.GetFileName(p12)}\"", File.ReadAllText(Path.Combine(_root, "tenant-state.json")), StringComparison.Ordinal);
    }

    /// <summary>A new store with one change committed: generation 1, a full keystore.</summary>
    private async Task<(ITenantStateStore Store, TenantState First)> CommittedOnceAsync(string action)
    {
        var store = await CreateStoreAsync();
        var before = await store.LoadAsync(Initial, default);
        var first = Full(before);
        await store.CommitAsync(new StateCommit(before, first, Records(first, action)), default);
        return (store, first);
    }

    public void Dispose()
    {
        _directory?.Dispose();
        TestTenant.TryDelete(_root);
    }
}
