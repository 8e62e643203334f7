namespace Rotation.Tenant.State;

/// <summary>The tenant's store cannot be reached at start: the tenant does not start without its state.</summary>
public sealed class TenantStoreUnavailableException(string message, Exception inner) : Exception(message, inner);
