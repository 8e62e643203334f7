using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.ServiceModel;
using System.ServiceModel.Channels;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rotation.Shared.Contract;
using Rotation.Shared.Verification;
using Rotation.Shared.WsSecurity;
using SoapCore;

namespace Rotation.Sender.Tests.Infrastructure;

/// <summary>
/// A minimal signing tenant on loopback: SoapCore answers the order operation, a middleware in front
/// of it signs the exact response bytes with ResponseSigner. The signing key can be swapped, signing
/// switched off, and requests held at the door (to keep them in flight). It keeps the last request's bytes and can
/// verify every request's signature before answering. It counts every SOAP request
/// that reaches it — the ground truth for "no request is sent while paused".
/// </summary>
public sealed class SigningTenant : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ResponseSigner _signer;
    private SigningKey _key;
    private Func<long, SigningKey>? _keyPerRequest;
    private TaskCompletionSource _door = Opened();
    private int _requests;
    private int _inside;
    private byte[] _lastResponse = [];
    private byte[] _lastRequest = [];
    private string _lastContentType = "";
    private SignatureVerifier? _requestVerifier;
    private readonly System.Collections.Concurrent.ConcurrentQueue<VerificationResult> _requestVerdicts = new();

    private SigningTenant(WebApplication app, SigningKey key, TimeProvider time)
    {
        _app = app;
        _key = key;
        _signer = new ResponseSigner(time);
    }

    public Uri Endpoint { get; private set; } = null!;
    public Uri BaseAddress { get; private set; } = null!;
    public int Requests => Volatile.Read(ref _requests);
    /// <summary>Requests that have arrived and not yet been answered.</summary>
    public int Inside => Volatile.Read(ref _inside);
    public bool SignResponses { get; set; } = true;
    /// <summary>Rewrites the bytes after signing: a proxy on the way that changes the message.</summary>
    public Func<byte[], byte[]>? AfterSigning { get; set; }
    public SignerSettings Settings { get; set; } = SignerSettings.Default;
    /// <summary>Names the node that answered in <see cref="OrderContract.NodeHeader"/>, by request number (1-based), as a tenant node behind a load balancer does.</summary>
    public Func<long, string>? NodePerRequest { get; set; }
    public byte[] LastResponse => Volatile.Read(ref _lastResponse);
    /// <summary>The exact bytes of the last SOAP request, as the sender put them on the wire.</summary>
    public byte[] LastRequest => Volatile.Read(ref _lastRequest);

    /// <summary>
    /// When set, every request must verify (the shared verifier in the request direction) or is answered 500 without
    /// reaching the service: the inbound check of a tenant with Verify Message. Every verdict lands in <see cref="RequestVerdicts"/>.
    /// </summary>
    public SignatureVerifier? RequestVerifier
    {
        get => Volatile.Read(ref _requestVerifier);
        set => Volatile.Write(ref _requestVerifier, value);
    }

    public IReadOnlyCollection<VerificationResult> RequestVerdicts => _requestVerdicts;
    public string LastRequestContentType => Volatile.Read(ref _lastContentType);

    public SigningKey Key
    {
        get => Volatile.Read(ref _key);
        set => Volatile.Write(ref _key, value);
    }

    /// <summary>Chooses the key per request number (1-based) instead of <see cref="Key"/>.</summary>
    public Func<long, SigningKey>? KeyPerRequest
    {
        get => Volatile.Read(ref _keyPerRequest);
        set => Volatile.Write(ref _keyPerRequest, value);
    }

    /// <param name="tls">Serve https with this certificate (with private key) instead of http.</param>
    public static async Task<SigningTenant> StartAsync(SigningKey key, TimeProvider? time = null, X509Certificate2? tls = null)
    {
        time ??= TimeProvider.System;
        var builder = WebApplication.CreateSlimBuilder();
        if (tls is null)
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        }
        else
        {
            builder.WebHost.UseKestrelHttpsConfiguration();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(tls)));
        }
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSoapCore();
        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton<IOrderService, OrderServiceStub>();
        var app = builder.Build();
        var tenant = new SigningTenant(app, key, time);
        app.Use(tenant.SignAsync);
        ((IApplicationBuilder)app).UseSoapEndpoint<IOrderService>(soap =>
        {
            soap.Path = OrderContract.EndpointPath;
            soap.SoapSerializer = SoapSerializer.XmlSerializer;
            soap.IndentXml = false;
            soap.EncoderOptions =
            [
                new SoapEncoderOptions { MessageVersion = MessageVersion.Soap11, WriteEncoding = new UTF8Encoding(false) },
                new SoapEncoderOptions { MessageVersion = MessageVersion.CreateVersion(EnvelopeVersion.Soap12, AddressingVersion.None), WriteEncoding = new UTF8Encoding(false) },
            ];
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        tenant.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        tenant.Endpoint = new Uri(tenant.BaseAddress, OrderContract.EndpointPath);
        return tenant;
    }

    /// <summary>From now on requests wait at the door (already counted) until <see cref="OpenDoor"/>.</summary>
    public void HoldDoor()
    {
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _door, closed);
    }

    public void OpenDoor() => Volatile.Read(ref _door).TrySetResult();

    private async Task SignAsync(HttpContext context, RequestDelegate next)
    {
        if (!HttpMethods.IsPost(context.Request.Method) || !context.Request.Path.StartsWithSegments(OrderContract.EndpointPath, StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }
        var number = Interlocked.Increment(ref _requests);
        Interlocked.Increment(ref _inside);
        try
        {
            Volatile.Write(ref _lastContentType, context.Request.ContentType ?? "");
            using (var request = new MemoryStream())
            {
                await context.Request.Body.CopyToAsync(request);
                var requestBytes = request.ToArray();
                Volatile.Write(ref _lastRequest, requestBytes);
                context.Request.Body = new MemoryStream(requestBytes, writable: false);
                if (RequestVerifier is { } verifier)
                {
                    var verdict = verifier.Verify(requestBytes);
                    _requestVerdicts.Enqueue(verdict);
                    if (!verdict.IsValid)
                    {
                        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                        await context.Response.WriteAsync($"request rejected: {verdict.Reason}");
                        return;
                    }
                }
            }
            await Volatile.Read(ref _door).Task;
            var original = context.Response.Body;
            using var buffer = new MemoryStream();
            context.Response.Body = buffer;
            try
            {
                await next(context);
            }
            finally
            {
                context.Response.Body = original;
            }
            var bytes = buffer.ToArray();
            if (SignResponses && bytes.Length > 0)
            {
                var key = KeyPerRequest?.Invoke(number) ?? Key;
                var settings = key.Supports(Settings.Algorithm) ? Settings : Settings with { Algorithm = key.DefaultAlgorithm };
                bytes = _signer.Sign(bytes, key, settings);
            }
            if (AfterSigning is { } rewrite) bytes = rewrite(bytes);
            if (NodePerRequest is { } node) context.Response.Headers[OrderContract.NodeHeader] = node(number);
            Volatile.Write(ref _lastResponse, bytes);
            context.Response.ContentLength = bytes.Length;
            await original.WriteAsync(bytes);
        }
        finally
        {
            Interlocked.Decrement(ref _inside);
        }
    }

    private static TaskCompletionSource Opened()
    {
        var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        source.SetResult();
        return source;
    }

    public async ValueTask DisposeAsync()
    {
        OpenDoor();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
