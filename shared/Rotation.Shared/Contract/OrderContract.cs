namespace Rotation.Shared.Contract;

/// <summary>Names of the order service contract, shared by both sides of the wire.</summary>
public static class OrderContract
{
    // An http: namespace rather than urn: keeps SoapCore's WSDL resolvable by zeep (docs/DESIGN.md §2).
    public const string Namespace = "http://rotation.example/orders/2026";
    public const string ServiceName = "OrderService";
    public const string SubmitOrderAction = Namespace + "/OrderService/SubmitOrder";
    public const string SubmitOrderReplyAction = Namespace + "/OrderService/SubmitOrderResponse";
    public const string EndpointPath = "/cxf/orders";

    /// <summary>
    /// The response header naming the tenant node that answered (and signed): behind a load balancer it is how a
    /// rejected response is traced to the node that still signed with the old key (docs/DESIGN.md §8).
    /// </summary>
    public const string NodeHeader = "X-Rotation-Node";
}
