using Rotation.Drill.Tenants;

namespace Rotation.Drill.Services;

/// <summary>Drives running services where URLs are given, starts in-process ones where they are not.</summary>
public static class ServiceResolver
{
    public static async Task<DrillServices> ResolveAsync(DrillServiceRequest request, CancellationToken ct)
    {
        if (request.SenderUrl is { } sender)
        {
            if (request.TenantUrl is not { } tenant)
                throw new ArgumentException("--sender drives a running sender-client; it needs --tenant, the tenant it sends to");
            return Remote(request, tenant, sender, Required(request.SenderToken, "--sender-token"));
        }
        return await EmbeddedServices.StartAsync(request, ct);
    }

    /// <summary>A running tenant on the face asked for (a sender given by the caller: running, or still to start).</summary>
    internal static DrillServices Remote(DrillServiceRequest request, Uri tenant, Uri sender, string senderToken) => request.TenantApi == TenantApi.Admin
        ? new DrillServices(tenant, Required(request.TenantToken, "--tenant-token"), request.FlowUrl ?? DrillServiceRequest.EndpointOf(tenant), sender, senderToken)
        : new DrillServices(tenant, "", request.FlowUrl ?? DrillServiceRequest.EndpointOf(tenant), sender, senderToken)
        {
            Api = TenantApi.Cpi,
            Cpi = request.Cpi ?? throw new ArgumentException("--tenant-api cpi with --tenant needs --cpi-client-id and --cpi-client-secret (with --cpi-token-url), or --cpi-user and --cpi-password"),
            Alias = Required(request.Alias, "--alias"),
        };

    private static string Required(string? value, string option) =>
        string.IsNullOrWhiteSpace(value) ? throw new ArgumentException($"{option} is required with a running service") : value;
}
