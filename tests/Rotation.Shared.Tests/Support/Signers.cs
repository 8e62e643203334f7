using System.Text;
using Microsoft.Extensions.Time.Testing;
using Rotation.Shared.WsSecurity;

namespace Rotation.Shared.Tests.Support;

/// <summary>Which of ResponseSigner's two entry points a test goes through.</summary>
public enum SignerInput { Bytes, XmlDocument }

public static class Signers
{
    /// <summary>Signs with the real ResponseSigner on a clock reading the epoch (or the given clock).</summary>
    public static byte[] Sign(byte[] envelope, SigningKey key, SignerSettings settings, SignerInput input = SignerInput.Bytes, TimeProvider? clock = null)
    {
        var signer = new ResponseSigner(clock ?? new FakeTimeProvider(KeyMaterial.Epoch));
        if (input == SignerInput.Bytes) return signer.Sign(envelope, key, settings);

        var document = SampleEnvelopes.Load(envelope);
        var signed = signer.Sign(document, key, settings);
        return Encoding.UTF8.GetBytes(signed.OuterXml);
    }
}
