using Rotation.Tenant.State;

namespace Rotation.Tenant.CpiApi;

/// <summary>One call of the platform's API as its filter saw it (one per request): the authenticated client.</summary>
public sealed class CpiRequest
{
    public string Client { get; internal set; } = "anonymous";

    /// <summary>Changes are audited as <c>cpi:&lt;client id&gt;</c>, told apart from the admin API's token names.</summary>
    public ChangeContext Change => new($"cpi:{Client}");
}
