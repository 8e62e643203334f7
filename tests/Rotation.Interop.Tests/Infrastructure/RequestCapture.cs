using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rotation.Interop.Tests.Envelopes;
using Rotation.Shared.Contract;
using Rotation.Shared.WsSecurity;

namespace Rotation.Interop.Tests.Infrastructure;

/// <summary>
/// A Kestrel endpoint on loopback in the tenant's place: keeps the exact bytes of the last request the sender put on the
/// wire and answers with an order confirmation signed by the tenant's key, so the sender's call completes as against a tenant.
/// </summary>
public sealed class RequestCapture : IAsyncDisposable
{
    private readonly WebApplication _app;
    private byte[] _last = [];

    private RequestCapture(WebApplication app) => _app = app;

    public Uri Endpoint { get; private set; } = null!;
    public byte[] LastRequest => Volatile.Read(ref _last);

    public static async Task<RequestCapture> StartAsync(X509Certificate2 tenantKey)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var capture = new RequestCapture(app);
        app.MapPost(OrderContract.EndpointPath, async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            Volatile.Write(ref capture._last, body.ToArray());
            var response = OurSide.Sign(UnsignedResponses.OrderConfirmation(SoapVersion.Soap11, UnsignedResponses.NewOrderId()), tenantKey,
                KeyReference.BinarySecurityToken, SignatureAlgorithm.RsaSha256);
            context.Response.ContentType = "text/xml; charset=utf-8";
            await context.Response.Body.WriteAsync(response);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        capture.Endpoint = new Uri(new Uri(address.TrimEnd('/') + "/"), OrderContract.EndpointPath);
        return capture;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
