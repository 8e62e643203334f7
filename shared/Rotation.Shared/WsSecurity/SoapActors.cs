namespace Rotation.Shared.WsSecurity;

/// <summary>The SOAP 1.1 actor and SOAP 1.2 role URIs that address a header to the receiving node.</summary>
public static class SoapActors
{
    /// <summary>SOAP 1.1 §4.2.2: "the first SOAP application that processes the message", every hop in turn.</summary>
    public const string Soap11Next = "http://schemas.xmlsoap.org/soap/actor/next";

    /// <summary>SOAP 1.2 Part 1 §2.2: every SOAP intermediary and the ultimate receiver.</summary>
    public const string Soap12Next = "http://www.w3.org/2003/05/soap-envelope/role/next";

    public const string Soap12UltimateReceiver = "http://www.w3.org/2003/05/soap-envelope/role/ultimateReceiver";

    /// <summary>
    /// Whether a header whose actor (SOAP 1.1) or role (SOAP 1.2) is <paramref name="actor"/> addresses the receiver
    /// of the message: no value, "next", or (SOAP 1.2) the ultimate receiver. Role "none" and any other URI are
    /// another node's (SOAP 1.1 §4.2.2, SOAP 1.2 Part 1 §2.2; docs/DESIGN.md §3 item 8).
    /// </summary>
    public static bool AddressReceiver(string? actor, string soapNamespace) =>
        string.IsNullOrEmpty(actor) || (soapNamespace == WsNamespaces.Soap11 ? actor == Soap11Next : actor is Soap12Next or Soap12UltimateReceiver);

    /// <summary>SOAP 1.2 Part 1 §2.2: no node acts in this role; such a header is never processed.</summary>
    public const string Soap12None = "http://www.w3.org/2003/05/soap-envelope/role/none";
}
