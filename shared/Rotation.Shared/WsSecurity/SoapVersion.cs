namespace Rotation.Shared.WsSecurity;

/// <summary>The SOAP envelope version of a message: what the sender speaks, what a test builds or expects.</summary>
public enum SoapVersion
{
    Soap11,
    Soap12,
}

public static class SoapVersions
{
    /// <summary>Parses the forms users type: "1.1", "11", "soap11", "1.2", …</summary>
    public static bool TryParse(string? text, out SoapVersion version)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "1.1" or "11" or "soap11" or "soap1.1": version = SoapVersion.Soap11; return true;
            case "1.2" or "12" or "soap12" or "soap1.2": version = SoapVersion.Soap12; return true;
            default: version = default; return false;
        }
    }

    public static string Display(this SoapVersion version) => version == SoapVersion.Soap12 ? "1.2" : "1.1";

    /// <summary>The Envelope's namespace in this version.</summary>
    public static string Namespace(this SoapVersion version) => version == SoapVersion.Soap11 ? WsNamespaces.Soap11 : WsNamespaces.Soap12;
}
