using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Rotation.Drill.Tests;

/// <summary>
/// A reverse proxy on loopback in front of a real tenant that forgets the session: it passes every request and answer
/// on but drops Set-Cookie, as a badly configured gateway would. The tenant's CSRF session then never reaches the drill.
/// </summary>
internal sealed class CookieDroppingProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _upstream = new(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false });

    private CookieDroppingProxy(Uri target)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.Run(async http =>
        {
            using var request = new HttpRequestMessage(new HttpMethod(http.Request.Method), new Uri(target, http.Request.Path + http.Request.QueryString));
            if (http.Request.ContentLength > 0 || http.Request.Headers.TransferEncoding.Count > 0)
            {
                var body = new MemoryStream();
                await http.Request.Body.CopyToAsync(body);
                request.Content = new ByteArrayContent(body.ToArray());
            }
            foreach (var (name, values) in http.Request.Headers)
            {
                if (name.Equals("Host", StringComparison.OrdinalIgnoreCase)) continue;
                if (!request.Headers.TryAddWithoutValidation(name, values.ToArray())) request.Content?.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
            using var response = await _upstream.SendAsync(request, http.RequestAborted);
            http.Response.StatusCode = (int)response.StatusCode;
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            {
                if (name.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase) || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)) continue;
                http.Response.Headers[name] = values.ToArray();
            }
            await response.Content.CopyToAsync(http.Response.Body);
        });
    }

    public Uri Address { get; private set; } = null!;

    public static async Task<CookieDroppingProxy> StartAsync(Uri target)
    {
        var proxy = new CookieDroppingProxy(target);
        await proxy._app.StartAsync();
        var address = proxy._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        proxy.Address = new Uri(address.EndsWith('/') ? address : address + "/");
        return proxy;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _upstream.Dispose();
    }
}
