using System.ServiceModel;
using System.ServiceModel.Channels;
using System.ServiceModel.Security;
using Rotation.Shared.Contract;
using Rotation.Shared.Verification;
using Rotation.Shared.WsSecurity;

namespace Rotation.Sender.Wcf;

/// <summary>
/// The WCF client of the order service: ChannelFactory over a CustomBinding of the verifying encoder
/// (which also signs requests when a signing source is given) and the HTTP(S) transport. Failures surface as WCF exceptions, with verification failures typed as
/// <see cref="ResponseRejectedException"/> and verified SOAP faults as <see cref="FaultException"/>.
/// </summary>
public sealed class OrderClient : IAsyncDisposable
{
    private readonly ChannelFactory<IOrderService> _factory;
    private readonly ResponseVerification _verification;

    /// <param name="lookup">How the verifier finds a certificate (a sender profile's, docs/DESIGN.md §13); null: the trust store's own.</param>
    /// <param name="signing">Where each request's signing key comes from (the sender keystore); null never signs.</param>
    public OrderClient(OrderClientOptions options, ITrustSource trust, TimeProvider time, IKeyLookup? lookup = null, IRequestSigningSource? signing = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(trust);
        ArgumentNullException.ThrowIfNull(time);
        Options = options;
        _verification = new ResponseVerification(trust, options.Policy, time, lookup);
        Binding = CreateBinding(options, _verification, signing is null ? null : new RequestSigning(signing, time));
        _factory = new ChannelFactory<IOrderService>(Binding, new EndpointAddress(options.ResolvedEndpoint));
        _factory.Endpoint.EndpointBehaviors.Add(new ResponseNodeBehavior(_verification));
        if (options.PinnedServerCertificate is { } pinned)
        {
            _factory.Credentials.ServiceCertificate.SslCertificateAuthentication = new X509ServiceCertificateAuthentication
            {
                CertificateValidationMode = X509CertificateValidationMode.Custom,
                CustomCertificateValidator = new PinnedCertificateValidator(pinned),
                RevocationMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
            };
        }
    }

    public OrderClientOptions Options { get; }
    public CustomBinding Binding { get; }

    public static CustomBinding CreateBinding(OrderClientOptions options, ResponseVerification verification, RequestSigning? signing = null)
    {
        var endpoint = options.ResolvedEndpoint;
        var transport = endpoint.Scheme switch
        {
            "https" => new HttpsTransportBindingElement(),
            "http" => new HttpTransportBindingElement(),
            _ => throw new ArgumentException($"the endpoint must be http or https, not {endpoint.Scheme}", nameof(options)),
        };
        transport.MaxReceivedMessageSize = options.MaxReceivedMessageSize;
        transport.MaxBufferSize = (int)Math.Min(int.MaxValue, options.MaxReceivedMessageSize);
        // Many concurrent senders share one HttpClient; its default keeps connections alive per endpoint.
        transport.KeepAliveEnabled = true;
        var encoding = new VerifyingMessageEncodingBindingElement(options.SoapVersion, verification, options.MaxReceivedMessageSize, signing);
        return new CustomBinding(encoding, transport)
        {
            SendTimeout = options.Timeout,
            ReceiveTimeout = options.Timeout,
            OpenTimeout = options.Timeout,
            CloseTimeout = options.Timeout,
        };
    }

    /// <summary>Submits one order; returns the confirmation with the verification that accepted it.</summary>
    /// <exception cref="ResponseRejectedException">the response failed verification (reason code inside).</exception>
    /// <exception cref="FaultException">the tenant answered with a SOAP fault that verified.</exception>
    /// <exception cref="CommunicationException">transport failures.</exception>
    public Task<VerifiedConfirmation> SubmitOrderAsync(OrderRequest request, CancellationToken cancellationToken = default) =>
        SubmitOrderAsync(request, new VerificationSink(), cancellationToken);

    /// <summary>
    /// As above; <paramref name="sink"/> receives whatever the encoder verified, so a caller also learns
    /// which certificate verified a SOAP fault that then surfaced as an exception.
    /// </summary>
    public async Task<VerifiedConfirmation> SubmitOrderAsync(OrderRequest request, VerificationSink sink, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(sink);
        cancellationToken.ThrowIfCancellationRequested();
        _verification.BeginCall(sink);
        var channel = _factory.CreateChannel();
        var clientChannel = (IClientChannel)channel;
        var abortOnCancel = cancellationToken.Register(clientChannel.Abort);
        try
        {
            var confirmation = await channel.SubmitOrderAsync(request).ConfigureAwait(false);
            var verification = sink.Result ?? throw new InvalidOperationException("the encoder did not verify the response");
            return new VerifiedConfirmation(confirmation, verification);
        }
        catch (ResponseRejectedException)
        {
            throw;
        }
        catch (Exception) when (sink.Result is { IsValid: false } rejected)
        {
            // WCF may wrap what the encoder threw; the reason code must survive whatever it does.
            throw new ResponseRejectedException(rejected);
        }
        catch (CommunicationException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        finally
        {
            await abortOnCancel.DisposeAsync().ConfigureAwait(false);
            // HTTP request channels hold no session: aborting after the reply frees them without a round trip.
            clientChannel.Abort();
        }
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            _factory.Close();
        }
        catch (CommunicationException)
        {
            _factory.Abort();
        }
        catch (TimeoutException)
        {
            _factory.Abort();
        }
        return ValueTask.CompletedTask;
    }
}
