using System.Xml;

namespace Rotation.Shared.WsSecurity;

/// <summary>Turns a SOAP 1.1 or 1.2 envelope into one signed with WS-Security (X.509 token profile), wire format of DESIGN.md §1.</summary>
public sealed class ResponseSigner(TimeProvider time)
{
    public TimeProvider Time => time;
    public byte[] Sign(ReadOnlySpan<byte> envelope, SigningKey key, SignerSettings settings) => throw new NotImplementedException();
    public XmlDocument Sign(XmlDocument envelope, SigningKey key, SignerSettings settings) => throw new NotImplementedException();
}
