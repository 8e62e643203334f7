using System.ServiceModel.Channels;
using System.Xml;
using Rotation.Shared.WsSecurity;

namespace Rotation.Sender.Wcf;

/// <summary>
/// The binding element that puts the verifying (and, with <see cref="RequestSigning"/>, request-signing) encoder in a
/// CustomBinding. It carries a text encoding element for the actual reading and writing; no SecurityBindingElement is involved (the .NET WCF
/// client has no X.509 message security).
/// </summary>
public sealed class VerifyingMessageEncodingBindingElement : MessageEncodingBindingElement
{
    private readonly TextMessageEncodingBindingElement _text;

    public VerifyingMessageEncodingBindingElement(SoapVersion soapVersion, ResponseVerification verification, long maxReceivedMessageSize, RequestSigning? signing = null)
        : this(new TextMessageEncodingBindingElement(soapVersion.ToMessageVersion(), System.Text.Encoding.UTF8), verification, maxReceivedMessageSize, signing)
    {
        // Signed 1 MB responses carry long text nodes and deep headers: lift the reader quotas to the size limit.
        var quotas = _text.ReaderQuotas;
        var limit = (int)Math.Min(int.MaxValue, maxReceivedMessageSize);
        quotas.MaxStringContentLength = limit;
        quotas.MaxArrayLength = limit;
        quotas.MaxBytesPerRead = Math.Max(quotas.MaxBytesPerRead, 64 * 1024);
        quotas.MaxDepth = Math.Max(quotas.MaxDepth, 64);
        quotas.MaxNameTableCharCount = Math.Max(quotas.MaxNameTableCharCount, 64 * 1024);
    }

    private VerifyingMessageEncodingBindingElement(TextMessageEncodingBindingElement text, ResponseVerification verification, long maxReceivedMessageSize, RequestSigning? signing)
    {
        _text = text;
        Signing = signing;
        Verification = verification;
        MaxReceivedMessageSize = maxReceivedMessageSize;
    }

    public ResponseVerification Verification { get; }
    public long MaxReceivedMessageSize { get; }
    /// <summary>Signs each request; null sends requests as the text encoder writes them.</summary>
    public RequestSigning? Signing { get; }
    public XmlDictionaryReaderQuotas ReaderQuotas => _text.ReaderQuotas;

    public override MessageVersion MessageVersion
    {
        get => _text.MessageVersion;
        set => _text.MessageVersion = value;
    }

    public override MessageEncoderFactory CreateMessageEncoderFactory() =>
        new VerifyingMessageEncoderFactory(_text.CreateMessageEncoderFactory(), Verification, MaxReceivedMessageSize, Signing);

    public override BindingElement Clone() =>
        new VerifyingMessageEncodingBindingElement((TextMessageEncodingBindingElement)_text.Clone(), Verification, MaxReceivedMessageSize, Signing);

    public override IChannelFactory<TChannel> BuildChannelFactory<TChannel>(BindingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.BindingParameters.Add(this);
        return context.BuildInnerChannelFactory<TChannel>();
    }

    public override bool CanBuildChannelFactory<TChannel>(BindingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.CanBuildInnerChannelFactory<TChannel>();
    }

    public override T GetProperty<T>(BindingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (typeof(T) == typeof(XmlDictionaryReaderQuotas)) return (T)(object)_text.ReaderQuotas;
        return _text.GetProperty<T>(context) ?? base.GetProperty<T>(context);
    }
}
