using Rotation.Shared.Contract;

namespace Rotation.Tenant.Hosting;

/// <summary>
/// Every response names the node that answered it (<see cref="OrderContract.NodeHeader"/>): behind a load balancer,
/// a response the sender rejects can be traced to the node that signed it (docs/DESIGN.md §8).
/// </summary>
internal static class NodeHeader
{
    public static IApplicationBuilder UseNodeHeader(this IApplicationBuilder app, string node) => app.Use((context, next) =>
    {
        // Set when the response starts: an exception handler further in clears the headers it finds before then.
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[OrderContract.NodeHeader] = node;
            return Task.CompletedTask;
        });
        return next(context);
    });
}
