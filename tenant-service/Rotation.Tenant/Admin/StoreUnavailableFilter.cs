using Rotation.Tenant.Keystore;
using Rotation.Tenant.Persistence.Postgres;
using Rotation.Tenant.State;

namespace Rotation.Tenant.Admin;

/// <summary>
/// An admin read that needs the shared store (audit, message log, cluster and in-flight views) while the store is away
/// gets 503 <c>StoreUnavailable</c>, like a change does (docs/DESIGN.md §8), instead of a bare 500. Changes never get
/// here: their commit outcome is already a value.
/// </summary>
internal sealed class StoreUnavailableFilter(LiveTenantState state) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception e) when (state.Store is PostgresTenantStateStore && StoreFailure.IsUnavailable(e) && !context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            state.Status.Unreachable(StoreFailure.Describe(e));
            return Problems.Create(StatusCodes.Status503ServiceUnavailable, nameof(KeystoreErrorCode.StoreUnavailable),
                $"the tenant's store cannot be reached ({StoreFailure.Describe(e)}); this node keeps signing from its snapshot. Retry when the store is back (GET /health/ready)");
        }
    }
}
