using System.ServiceModel.Channels;

namespace Rotation.Sender.Wcf;

internal sealed class VerifyingMessageEncoderFactory(MessageEncoderFactory inner, ResponseVerification verification, long maxReceivedMessageSize, RequestSigning? signing) : MessageEncoderFactory
{
    private readonly VerifyingMessageEncoder _encoder = new(inner.Encoder, verification, maxReceivedMessageSize, signing);

    public override MessageEncoder Encoder => _encoder;
    public override MessageVersion MessageVersion => inner.MessageVersion;

    public override MessageEncoder CreateSessionEncoder() => new VerifyingMessageEncoder(inner.CreateSessionEncoder(), verification, maxReceivedMessageSize, signing);
}
