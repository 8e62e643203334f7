using Rotation.Shared.WsSecurity;

namespace Rotation.Shared.Contract;

/// <summary>
/// The one sample SubmitOrder request every consumer sends to the flow (tests, drill checks and load, benchmarks): two
/// lines, 3 × 2.50 and 1 × 10, so the tenant confirms a total of 17.50 EUR. It lives beside the contract so a caller
/// needs no reference to a service to send it.
/// </summary>
public static class SampleOrderRequest
{
    public const string CustomerId = "c-7";

    /// <summary>The Body's one child, as a partner writes it before signing.</summary>
    public static string SubmitOrder(string orderId) =>
        $"<SubmitOrder xmlns=\"{OrderContract.Namespace}\"><request><OrderId>{orderId}</OrderId><CustomerId>{CustomerId}</CustomerId><Currency>EUR</Currency>" +
        "<Lines><Line><Sku>SKU-1</Sku><Quantity>3</Quantity><UnitPrice>2.50</UnitPrice></Line><Line><Sku>SKU-2</Sku><Quantity>1</Quantity><UnitPrice>10</UnitPrice></Line></Lines>" +
        "</request></SubmitOrder>";

    /// <summary>The whole envelope, SOAP 1.1 unless <paramref name="soapNamespace"/> says otherwise; <paramref name="header"/> is the Header's content.</summary>
    public static string Envelope(string orderId, string soapNamespace = WsNamespaces.Soap11, string? header = null) =>
        $"<s:Envelope xmlns:s=\"{soapNamespace}\">{(header is null ? "" : $"<s:Header>{header}</s:Header>")}<s:Body>{SubmitOrder(orderId)}</s:Body></s:Envelope>";
}
