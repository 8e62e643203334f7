using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Rotation.Hosting.Admin;

/// <summary>How a service hosts its admin API: the same token check, caller record and change line for both services.</summary>
public static class AdminApi
{
    public const string Prefix = "/admin";

    /// <summary>Registers the token, the realm and the per-request <see cref="AdminRequest"/>.</summary>
    public static IServiceCollection AddAdminApi(this IServiceCollection services, AdminToken token, AdminRealm realm) =>
        services.AddSingleton(token).AddSingleton(realm).AddScoped<AdminRequest>();

    /// <summary>The /admin group, guarded by the admin tokens.</summary>
    public static RouteGroupBuilder MapAdminGroup(this IEndpointRouteBuilder app) =>
        app.MapGroup(Prefix).AddEndpointFilter<AdminAuthorizationFilter>();
}
