using System.Diagnostics;
using Microsoft.Extensions.Primitives;
using Rotation.Shared.Contract;
using Rotation.Shared.WsSecurity;
using Rotation.Tenant.Inbound;
using Rotation.Tenant.Logging;
using Rotation.Tenant.Messages;
using Rotation.Tenant.Metrics;
using Rotation.Tenant.State;

namespace Rotation.Tenant.Signing;

/// <summary>
/// Signs every SOAP response of the integration flow, faults included, over the exact bytes SoapCore wrote
/// (docs/DESIGN.md §2). The keystore snapshot is read once per message: the key chosen at the start signs the
/// whole response, and the message counts as in flight under that key's fingerprint until its last byte is written.
/// With inbound verification on, the request's exact bytes are verified first (docs/DESIGN.md §10): a refused request
/// gets a signed WS-Security fault, a verified one is in flight under its verifying certificate as well.
/// GET (the WSDL) passes through unsigned.
/// </summary>
internal sealed class ResponseSigningMiddleware(
    RequestDelegate next,
    LiveTenantState state,
    ResponseSigner signer,
    SigningSwitch signing,
    InFlightTracker inFlight,
    VerifiedInFlight verifiedInFlight,
    InboundVerifier verifier,
    MessageLog log,
    TenantMetrics metrics,
    TimeProvider time,
    ILogger<ResponseSigningMiddleware> logger)
{
    public const string MessageIdHeader = "X-Message-Id";
    public const string FingerprintHeader = "X-Signing-Fingerprint";

    private readonly ProblemRequestLog _problems = new(logger, time, linesPerWindow: 10, window: TimeSpan.FromSeconds(10));
    private readonly RequestIntake _intake = new(verifier, metrics, time);

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
        // One state per message: the signer step, the keystore it signs from and the certificates that verify the
        // request are of the same generation.
        var current = state.Current;
        var step = current.SignerStep;
        (var alias, var aliasRefused) = AliasFor(context, current);
        var key = step.KeyFrom(current.Keystore, alias);
        context.Response.Headers[MessageIdHeader] = id;

        // Refused requests still get a signed fault: a sender can tell the tenant's refusal from a forged one. The
        // request is authenticated (inbound verification) before the alias header it carries is looked at.
        (var refused, var inbound) = SoapFaults.UnsupportedContentType(context.Request.ContentType) is { } unsupported
            ? (new RequestRefusal(StatusCodes.Status415UnsupportedMediaType, unsupported), InboundOutcome.NotChecked)
            : await ReadRequestAsync(context, current, soap12);
        refused ??= aliasRefused is { } byHeader ? new RequestRefusal(StatusCodes.Status403Forbidden, byHeader) : null;
        if (refused is not null) _problems.Write(LogLevel.Information, id, refused.Status, refused.Reason);

        // The message log row is queued before the answer's first byte leaves: a client that has its response and then
        // asks /admin/messages finds it there (the log's queries flush the queue first).
        var recorded = false;
        void Answered(MessageStatus status, int httpStatus)
        {
            if (recorded) return;
            recorded = true;
            if (inbound.Refused && status == MessageStatus.Fault) status = MessageStatus.Rejected;
            log.Record(new MessageRecord(id, received, time.GetUtcNow(), status, alias, key?.Fingerprint,
                time.GetElapsedTime(started).TotalMilliseconds, httpStatus, soap12 ? "1.2" : "1.1",
                inbound.Alias, inbound.Fingerprint, inbound.Refused ? inbound.Reason.ToString() : null));
        }

        // A verified message is in the system under its verifying certificate until the last byte of its answer is written.
        if (inbound.Fingerprint is { } verifiedBy) verifiedInFlight.Messages.Begin(new InFlightMessage(id, inbound.Alias!, verifiedBy, received));
        try
        {
            await AnswerAsync(context, new InFlightMessage(id, alias, key?.Fingerprint ?? "", received), key, step, soap12, refused, Answered);
        }
        finally
        {
            if (inbound.Fingerprint is not null) verifiedInFlight.Messages.End(id);
        }
    }

    /// <summary>
    /// Answers the message (<paramref name="message"/>: its id, signing alias and key): unsigned when there is no key to
    /// sign with (a refused request its refusal's fault, any other the "no key pair" fault), else signed and in flight
    /// under the key until written.
    /// </summary>
    private async Task AnswerAsync(HttpContext context, InFlightMessage message, SigningKey? key, SignerStep step, bool soap12, RequestRefusal? refused, Action<MessageStatus, int> answered)
    {
        var (id, alias) = (message.Id, message.Alias);
        if (key is null && refused is not null)
        {
            // The refusal is what the sender must learn (a WS-Security fault for a request that did not verify), not that
            // the response cannot be signed: its own fault goes out, unsigned.
            answered(MessageStatus.Fault, refused.Status);
            (var refusalBody, var refusalType) = refused.Fault(soap12);
            await WriteUnsignedAsync(context, refused.Status, refusalBody, refusalType);
            return;
        }
        if (key is null)
        {
            answered(MessageStatus.NoSigningKey, StatusCodes.Status500InternalServerError);
            await WriteUnsignedFaultAsync(context, soap12, step.KeyFingerprint is { } pinned ? $"no key pair with fingerprint {pinned} to sign the response" : $"no key pair under alias '{alias}' to sign the response");
            return;
        }

        inFlight.Begin(message);
        try
        {
            await ProcessAndSignAsync(context, id, key, step.SettingsFor(key), alias, soap12, refused, answered);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing left to answer.
        }
        finally
        {
            inFlight.End(id);
            answered(MessageStatus.Failed, context.Response.StatusCode);
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
    /// Reads the request (bounded by Kestrel's body limit) and checks it at the flow's door (<see cref="RequestIntake"/>);
    /// what passes is handed on to SoapCore as the bytes that were checked, less a processed wsse:Security header. The
    /// refusal is null when the request may proceed.
    /// </summary>
    private async Task<(RequestRefusal? Refused, InboundOutcome Inbound)> ReadRequestAsync(HttpContext context, TenantState current, bool soap12)
    {
        var buffer = new MemoryStream(context.Request.ContentLength is { } length and <= 64 * 1024 ? (int)length : 4096);
        try
        {
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        }
        catch (BadHttpRequestException e)
        {
            return (new RequestRefusal(e.StatusCode, e.StatusCode == StatusCodes.Status413PayloadTooLarge ? "the request body is too large" : "the request body cannot be read"), InboundOutcome.NotChecked);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException && context.RequestAborted.IsCancellationRequested)
        {
            return (new RequestRefusal(StatusCodes.Status400BadRequest, "the request was aborted"), InboundOutcome.NotChecked);
        }
        var (refused, inbound, forTheFlow) = _intake.Check(current, buffer.GetBuffer().AsMemory(0, (int)buffer.Length), soap12);
        if (refused is null && System.Runtime.InteropServices.MemoryMarshal.TryGetArray(forTheFlow, out var flow))
            context.Request.Body = new MemoryStream(flow.Array!, flow.Offset, flow.Count, writable: false);
        return (refused, inbound);
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
