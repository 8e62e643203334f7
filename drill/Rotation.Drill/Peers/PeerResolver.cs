namespace Rotation.Drill.Peers;

/// <summary>Drives running services where URLs are given, starts in-process ones where they are not.</summary>
public static class PeerResolver
{
    public static async Task<DrillPeers> ResolveAsync(DrillPeerRequest request, CancellationToken ct)
    {
        if (request.SenderUrl is { } sender)
        {
            if (request.TenantUrl is not { } tenant)
                throw new ArgumentException("--sender drives a running sender-client; it needs --tenant, the tenant it sends to");
            return new DrillPeers(tenant, Required(request.TenantToken, "--tenant-token"), DrillPeerRequest.EndpointOf(tenant),
                sender, Required(request.SenderToken, "--sender-token"));
        }
        return await EmbeddedPeers.StartAsync(request, ct);
    }

    private static string Required(string? value, string option) =>
        string.IsNullOrWhiteSpace(value) ? throw new ArgumentException($"{option} is required with a running service") : value;
}
