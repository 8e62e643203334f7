using System.Diagnostics;
using Microsoft.Extensions.Primitives;
using Rotation.Shared.Contract;
using Rotation.Shared.WsSecurity;
using Rotation.Tenant.Logging;
using Rotation.Tenant.Messages;
using Rotation.Tenant.Metrics;
using Rotation.Tenant.State;

namespace Rotation.Tenant.Signing;

/// <summary>
/// Signs every SOAP response of the integration flow, faults included, over the exact bytes SoapCore wrote
/// (docs/DESIGN.md §2). The keystore snapshot is read once per message: the key chosen at the start signs the
/// whole response, and the message counts as in flight under that key's fingerprint until its last byte is written.
/// GET (the WSDL) passes through unsigned.
/// </summary>
internal sealed class ResponseSigningMiddleware(
    RequestDelegate next,
    LiveTenantState state,
    ResponseSigner signer,
    SigningSwitch signing,
    InFlightTracker inFlight,
    MessageLog log,
    TenantMetrics metrics,
    TimeProvider time,
    ILogger<ResponseSigningMiddleware> logger)
{
    public const string MessageIdHeader = "X-Message-Id";
    public const string FingerprintHeader = "X-Signing-Fingerprint";

    private readonly ProblemRequestLog _problems = new(logger, time, linesPerWindow: 10, window: TimeSpan.FromSeconds(10));

    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method) || !context.Request.Path.StartsWithSegments(OrderContract.EndpointPath, StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }

        var received = time.GetUtcNow();
        var started = time.GetTimestamp();
        var id = Guid.CreateVersion7(received).ToString("N");
        var soap12 = SoapFaults.IsSoap12(context.Request.ContentType);
        // One state per message: the signer step and the keystore it signs from are of the same generation.
        var current = state.Current;
        var step = current.SignerStep;
        (var alias, var aliasRefused) = AliasFor(context, current);
        var key = step.KeyFrom(current.Keystore, alias);
        context.Response.Headers[MessageIdHeader] = id;

        // Refused requests still get a signed fault: a sender can tell the tenant's refusal from a forged one.
        var refused = aliasRefused is { } byHeader
            ? new RequestRefusal(StatusCodes.Status403Forbidden, byHeader)
            : SoapFaults.UnsupportedContentType(context.Request.ContentType) is { } unsupported
            ? new RequestRefusal(StatusCodes.Status415UnsupportedMediaType, unsupported)
            : await ReadRequestAsync(context);
        if (refused is not null) _problems.Write(LogLevel.Information, id, refused.Status, refused.Reason);

        // The message log row is queued before the answer's first byte leaves: a client that has its response and then
        // asks /admin/messages finds it there (the log's queries flush the queue first).
        var recorded = false;
        void Answered(MessageStatus status, int httpStatus)
        {
            if (recorded) return;
            recorded = true;
            log.Record(new MessageRecord(id, received, time.GetUtcNow(), status, alias, key?.Fingerprint,
                time.GetElapsedTime(started).TotalMilliseconds, httpStatus, soap12 ? "1.2" : "1.1"));
        }

        if (key is null)
        {
            Answered(MessageStatus.NoSigningKey, StatusCodes.Status500InternalServerError);
            await WriteUnsignedFaultAsync(context, soap12, step.KeyFingerprint is { } pinned ? $"no key pair with fingerprint {pinned} to sign the response" : $"no key pair under alias '{alias}' to sign the response");
            return;
        }

        inFlight.Begin(new InFlightMessage(id, alias, key.Fingerprint, received));
        try
        {
            await ProcessAndSignAsync(context, id, key, step.SettingsFor(key), alias, soap12, refused, Answered);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing left to answer.
        }
        finally
        {
            inFlight.End(id);
            Answered(MessageStatus.Failed, context.Response.StatusCode);
        }
    }

    /// <summary>Runs the flow and writes its signed answer; <paramref name="answered"/> is told the outcome just before the answer is sent.</summary>
    private async Task ProcessAndSignAsync(HttpContext context, string id, SigningKey key, SignerSettings settings, string alias, bool soap12, RequestRefusal? refused, Action<MessageStatus, int> answered)
    {
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            if (refused is { } refusal)
            {
                (var refusalBody, var refusalType) = refusal.Fault(soap12);
                buffer.Write(refusalBody);
                context.Response.StatusCode = refusal.Status;
                context.Response.ContentType = refusalType;
            }
            else
            {
                await next(context);
                // SoapCore's faults (malformed requests, the rehearsal's simulated failures) reach the log as one line here.
                if (context.Response.StatusCode >= 400) _problems.Write(LogLevel.Information, id, context.Response.StatusCode, "the integration flow answered with a fault");
            }
        }
        catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
        {
            _problems.Write(LogLevel.Error, id, StatusCodes.Status500InternalServerError, $"the integration flow failed: {e.GetType().Name}: {e.Message}");
            context.Response.Body = original;
            (var faultBody, var faultType) = SoapFaults.Server(soap12, "the integration flow failed");
            buffer.SetLength(0);
            buffer.Write(faultBody);
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            context.Response.ContentType = faultType;
        }
        finally
        {
            context.Response.Body = original;
        }

        if (buffer.Length == 0)
        {
            // Nothing to sign (SoapCore answered with a status only).
            answered(MessageStatus.Failed, context.Response.StatusCode);
            await context.Response.CompleteAsync();
            return;
        }

        if (!signing.SignResponses)
        {
            answered(Outcome(context), context.Response.StatusCode);
            context.Response.ContentLength = buffer.Length;
            await context.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), context.RequestAborted);
            await context.Response.CompleteAsync();
            return;
        }

        byte[] signed;
        var signingStarted = time.GetTimestamp();
        try
        {
            signed = signer.Sign(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), key, settings);
        }
        catch (Exception e)
        {
            logger.LogError(e, "could not sign the response with alias {Alias}", alias);
            answered(MessageStatus.Failed, StatusCodes.Status500InternalServerError);
            await WriteUnsignedFaultAsync(context, soap12, "the response could not be signed");
            return;
        }
        metrics.Signed(key.Fingerprint, alias, time.GetElapsedTime(signingStarted));

        context.Response.Headers[FingerprintHeader] = key.Fingerprint;
        context.Response.ContentLength = signed.Length;
        answered(Outcome(context), context.Response.StatusCode);
        await context.Response.Body.WriteAsync(signed, context.RequestAborted);
        await context.Response.CompleteAsync();
    }

    private static MessageStatus Outcome(HttpContext context) =>
        context.Response.StatusCode < 400 ? MessageStatus.Completed : MessageStatus.Fault;

    /// <summary>
    /// Reads the request (bounded by Kestrel's body limit) and refuses bytes that are not UTF-8: SoapCore would
    /// otherwise decode them leniently to U+FFFD and process an order nobody sent. Null when the request may proceed.
    /// </summary>
    private static async Task<RequestRefusal?> ReadRequestAsync(HttpContext context)
    {
        var buffer = new MemoryStream(context.Request.ContentLength is { } length and <= 64 * 1024 ? (int)length : 4096);
        try
        {
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        }
        catch (BadHttpRequestException e)
        {
            return new RequestRefusal(e.StatusCode, e.StatusCode == StatusCodes.Status413PayloadTooLarge ? "the request body is too large" : "the request body cannot be read");
        }
        catch (Exception e) when (e is IOException or OperationCanceledException && context.RequestAborted.IsCancellationRequested)
        {
            return new RequestRefusal(StatusCodes.Status400BadRequest, "the request was aborted");
        }
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        if (!System.Text.Unicode.Utf8.IsValid(bytes)) return new RequestRefusal(StatusCodes.Status400BadRequest, "the request is not valid UTF-8");
        if (SoapRequestShape.Problem(buffer.GetBuffer().AsMemory(0, (int)buffer.Length)) is { } shape) return shape;
        context.Request.Body = new MemoryStream(buffer.GetBuffer(), 0, (int)buffer.Length, writable: false);
        return null;
    }

    /// <summary>
    /// The alias that signs: the step's own, or the one the alias header names when the step allows that alias and it
    /// holds a key pair. Otherwise the request is refused (signed with the step's own key); the refusal is logged with
    /// every other refusal, one rate-limited line each.
    /// </summary>
    private (string Alias, string? Refused) AliasFor(HttpContext context, TenantState current)
    {
        var step = current.SignerStep;
        if (step.AliasHeader is not { } header || !context.Request.Headers.TryGetValue(header, out var value) || StringValues.IsNullOrEmpty(value))
            return (step.Alias, null);
        // A header-named alias is only looked up, never trusted further; cap it so it cannot bloat the log.
        var named = Truncate(value.ToString().Trim(), 100);
        string? refused = !step.AllowsHeaderAlias(named) ? $"alias '{named}' named by header {header} is not one of the signer step's allowed aliases"
            : current.Keystore.SigningKeyFor(named) is null ? $"alias '{named}' named by header {header} holds no key pair"
            : null;
        return refused is null ? (named, null) : (step.Alias, refused);
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];

    private static Task WriteUnsignedFaultAsync(HttpContext context, bool soap12, string reason)
    {
        (var body, var contentType) = SoapFaults.Server(soap12, reason);
        return WriteUnsignedAsync(context, StatusCodes.Status500InternalServerError, body, contentType);
    }

    private static async Task WriteUnsignedAsync(HttpContext context, int status, byte[] body, string contentType)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body);
        await context.Response.CompleteAsync();
    }
}
