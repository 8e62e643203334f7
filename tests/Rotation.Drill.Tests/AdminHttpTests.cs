using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Rotation.Drill.Admin;

namespace Rotation.Drill.Tests;

/// <summary>
/// The drill's admin connections are dropped by the drill before a load balancer drops them: HAProxy closing an idle
/// keep-alive connection (10 s unless configured) just as the drill reused it ended a compose drill with no answer.
/// </summary>
public sealed class AdminHttpTests
{
    [Fact]
    public void Idle_connections_are_dropped_well_before_a_balancer_default_keep_alive()
    {
        Assert.True(AdminHttp.IdleConnectionTimeout < TimeSpan.FromSeconds(10), $"{AdminHttp.IdleConnectionTimeout} is not below HAProxy's default keep-alive (10 s)");
    }

    [Fact]
    public async Task A_connection_is_reused_while_busy_and_replaced_after_an_idle_pause()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        // The server keeps an idle connection far longer than the drill does, so only the drill's own timeout closes it.
        builder.WebHost.ConfigureKestrel(k => k.Limits.KeepAliveTimeout = TimeSpan.FromMinutes(2));
        await using var app = builder.Build();
        app.Run(http => http.Response.WriteAsync(http.Connection.Id));
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());

        using var http = AdminHttp.Create(address);
        var first = await http.GetStringAsync("/");
        var second = await http.GetStringAsync("/");
        await Task.Delay(AdminHttp.IdleConnectionTimeout + TimeSpan.FromSeconds(2));
        var afterPause = await http.GetStringAsync("/");

        Assert.Equal(first, second);
        Assert.NotEqual(second, afterPause);
    }
}
