namespace Rotation.Drill.Admin;

/// <summary>The admin API of each tenant node the drill knows by address (its embedded cluster), disposed together.</summary>
public sealed class TenantNodeAdmins(IReadOnlyList<Uri> nodes, string token) : IDisposable
{
    public IReadOnlyList<TenantAdmin> Admins { get; } = [.. nodes.Select(node => new TenantAdmin(node, token))];

    public void Dispose()
    {
        foreach (var admin in Admins) admin.Dispose();
    }
}
