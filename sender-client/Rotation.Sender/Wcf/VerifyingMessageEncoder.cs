using System.ServiceModel;
using System.ServiceModel.Channels;
using Rotation.Shared.WsSecurity;

namespace Rotation.Sender.Wcf;

/// <summary>
/// Wraps the text encoder. Requests are signed on the bytes the text encoder wrote, when request signing is
/// on (docs/DESIGN.md §10), so the signature covers exactly what goes on the wire; every response is verified on its raw
/// bytes (the only place WCF still has them), then decoded from those same bytes, with the
/// wsse:Security header addressed to us marked understood so WCF's mustUnderstand check does not fault it.
/// </summary>
internal sealed class VerifyingMessageEncoder(MessageEncoder inner, ResponseVerification verification, long maxReceivedMessageSize, RequestSigning? signing = null) : MessageEncoder
{
    public override string ContentType => inner.ContentType;
    public override string MediaType => inner.MediaType;
    public override MessageVersion MessageVersion => inner.MessageVersion;

    public override T GetProperty<T>() => inner.GetProperty<T>() ?? base.GetProperty<T>();

    public override bool IsContentTypeSupported(string contentType) => inner.IsContentTypeSupported(contentType);

    public override Message ReadMessage(ArraySegment<byte> buffer, BufferManager bufferManager, string contentType)
    {
        var result = verification.Verify(buffer.AsSpan());
        if (!result.IsValid)
        {
            // The inner encoder would have returned the buffer when the message closed; we never create one.
            if (buffer.Array is not null) bufferManager.ReturnBuffer(buffer.Array);
            throw new ResponseRejectedException(result);
        }
        return MarkSecurityUnderstood(inner.ReadMessage(buffer, bufferManager, contentType));
    }

    public override Message ReadMessage(Stream stream, int maxSizeOfHeaders, string contentType)
    {
        var bytes = ReadAll(stream);
        var result = verification.Verify(bytes);
        if (!result.IsValid) throw new ResponseRejectedException(result);
        return MarkSecurityUnderstood(inner.ReadMessage(new MemoryStream(bytes, writable: false), maxSizeOfHeaders, contentType));
    }

    public override async ValueTask<Message> ReadMessageAsync(Stream stream, int maxSizeOfHeaders, string contentType)
    {
        using var copy = new MemoryStream();
        await CopyBoundedAsync(stream, copy).ConfigureAwait(false);
        var bytes = copy.ToArray();
        var result = verification.Verify(bytes);
        if (!result.IsValid) throw new ResponseRejectedException(result);
        return MarkSecurityUnderstood(inner.ReadMessage(new MemoryStream(bytes, writable: false), maxSizeOfHeaders, contentType));
    }

    public override void WriteMessage(Message message, Stream stream)
    {
        if (signing is null)
        {
            inner.WriteMessage(message, stream);
            return;
        }
        using var unsigned = new MemoryStream();
        inner.WriteMessage(message, unsigned);
        var signed = signing.Sign(unsigned.GetBuffer().AsSpan(0, (int)unsigned.Length));
        stream.Write(signed ?? unsigned.ToArray());
    }

    public override ArraySegment<byte> WriteMessage(Message message, int maxMessageSize, BufferManager bufferManager, int messageOffset) =>
        Sign(inner.WriteMessage(message, maxMessageSize, bufferManager, messageOffset), maxMessageSize, bufferManager, messageOffset);

    public override async ValueTask WriteMessageAsync(Message message, Stream stream)
    {
        if (signing is null)
        {
            await inner.WriteMessageAsync(message, stream).ConfigureAwait(false);
            return;
        }
        using var unsigned = new MemoryStream();
        await inner.WriteMessageAsync(message, unsigned).ConfigureAwait(false);
        var signed = signing.Sign(unsigned.GetBuffer().AsSpan(0, (int)unsigned.Length));
        await stream.WriteAsync(signed ?? unsigned.ToArray()).ConfigureAwait(false);
    }

    public override async ValueTask<ArraySegment<byte>> WriteMessageAsync(Message message, int maxMessageSize, BufferManager bufferManager, int messageOffset) =>
        Sign(await inner.WriteMessageAsync(message, maxMessageSize, bufferManager, messageOffset).ConfigureAwait(false), maxMessageSize, bufferManager, messageOffset);

    /// <summary>The written request, signed into a buffer of the same manager (the unsigned one goes back to it).</summary>
    private ArraySegment<byte> Sign(ArraySegment<byte> written, int maxMessageSize, BufferManager bufferManager, int messageOffset)
    {
        if (signing?.Sign(written.AsSpan()) is not { } signed) return written;
        if (signed.Length > maxMessageSize)
            throw new QuotaExceededException($"the signed request has {signed.Length} bytes, more than the maximum message size of {maxMessageSize}");
        var buffer = bufferManager.TakeBuffer(messageOffset + signed.Length);
        // Whatever the transport reserved before the message stays as it wrote it.
        written.Array.AsSpan(0, messageOffset).CopyTo(buffer);
        signed.CopyTo(buffer, messageOffset);
        bufferManager.ReturnBuffer(written.Array!);
        return new ArraySegment<byte>(buffer, messageOffset, signed.Length);
    }

    private static Message MarkSecurityUnderstood(Message message)
    {
        var headers = message.Headers;
        var soapNamespace = message.Version.Envelope == EnvelopeVersion.Soap11 ? WsNamespaces.Soap11 : WsNamespaces.Soap12;
        for (var i = 0; i < headers.Count; i++)
        {
            var header = headers[i];
            // Only the header addressed to us (no actor/role, "next", the ultimate receiver) was verified; others stay WCF's business.
            if (header.Name == "Security" && header.Namespace == WsNamespaces.Wsse && SoapActors.AddressReceiver(header.Actor, soapNamespace))
                headers.UnderstoodHeaders.Add(header);
        }
        return message;
    }

    private byte[] ReadAll(Stream stream)
    {
        using var copy = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            copy.Write(buffer, 0, read);
            if (copy.Length > maxReceivedMessageSize) throw TooLarge();
        }
        return copy.ToArray();
    }

    private async Task CopyBoundedAsync(Stream source, MemoryStream target)
    {
        var buffer = new byte[81920];
        int read;
        while ((read = await source.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            target.Write(buffer, 0, read);
            if (target.Length > maxReceivedMessageSize) throw TooLarge();
        }
    }

    private System.ServiceModel.CommunicationException TooLarge() =>
        new($"response exceeds the maximum received message size of {maxReceivedMessageSize} bytes");
}
