using System.ServiceModel.Channels;
using System.ServiceModel.Description;
using System.ServiceModel.Dispatcher;
using Rotation.Shared.Contract;

namespace Rotation.Sender.Wcf;

/// <summary>
/// Reads the tenant's node header (<see cref="OrderContract.NodeHeader"/>) off every HTTP response into the call's
/// <see cref="VerificationSink"/>, before the encoder verifies the body: a rejected response never reaches WCF's
/// message properties, yet it is exactly the one whose node matters (docs/DESIGN.md §8). WCF's HTTP transport takes
/// the handler as a <c>Func&lt;HttpClientHandler, HttpMessageHandler&gt;</c> binding parameter.
/// </summary>
internal sealed class ResponseNodeBehavior(ResponseVerification verification) : IEndpointBehavior
{
    public void AddBindingParameters(ServiceEndpoint endpoint, BindingParameterCollection bindingParameters) =>
        bindingParameters.Add(new Func<HttpClientHandler, HttpMessageHandler>(inner => new NodeHeaderHandler(verification) { InnerHandler = inner }));

    public void ApplyClientBehavior(ServiceEndpoint endpoint, ClientRuntime clientRuntime) { }

    public void ApplyDispatchBehavior(ServiceEndpoint endpoint, EndpointDispatcher endpointDispatcher) { }

    public void Validate(ServiceEndpoint endpoint) { }

    private sealed class NodeHeaderHandler(ResponseVerification verification) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.Headers.TryGetValues(OrderContract.NodeHeader, out var nodes) && nodes.FirstOrDefault() is { Length: > 0 } node)
                verification.RecordNode(node);
            return response;
        }
    }
}
