namespace Rotation.Shared.WsSecurity;

/// <summary>The SOAP 1.1 actor and SOAP 1.2 role URIs that address a header to the receiving node.</summary>
public static class SoapActors
{
    /// <summary>SOAP 1.1 §4.2.2: "the first SOAP application that processes the message", every hop in turn.</summary>
    public const string Soap11Next = "http://schemas.xmlsoap.org/soap/actor/next";

    /// <summary>SOAP 1.2 Part 1 §2.2: every SOAP intermediary and the ultimate receiver.</summary>
    public const string Soap12Next = "http://www.w3.org/2003/05/soap-envelope/role/next";

    public const string Soap12UltimateReceiver = "http://www.w3.org/2003/05/soap-envelope/role/ultimateReceiver";

    /// <summary>SOAP 1.2 Part 1 §2.2: no node acts in this role; such a header is never processed.</summary>
    public const string Soap12None = "http://www.w3.org/2003/05/soap-envelope/role/none";
}
