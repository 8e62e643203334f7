using Rotation.Interop.Tests.Envelopes;
using Rotation.Interop.Tests.Infrastructure;
using Rotation.Shared.WsSecurity;

namespace Rotation.Interop.Tests;

/// <summary>The signer settings the peers must accept: both key references, each algorithm with a key that fits it, both SOAP versions.</summary>
public static class OurSignatureSettings
{
    private static readonly (SignatureAlgorithm Algorithm, PeerKeyKind Key)[] Algorithms =
    [
        (SignatureAlgorithm.RsaSha256, PeerKeyKind.Rsa2048),
        (SignatureAlgorithm.RsaSha512, PeerKeyKind.Rsa2048),
        (SignatureAlgorithm.EcdsaSha256, PeerKeyKind.EcP256),
        (SignatureAlgorithm.EcdsaSha384, PeerKeyKind.EcP384),
    ];

    public static TheoryData<KeyReference, SignatureAlgorithm, PeerKeyKind, SoapVersion> All
    {
        get
        {
            var data = new TheoryData<KeyReference, SignatureAlgorithm, PeerKeyKind, SoapVersion>();
            foreach (var keyReference in new[] { KeyReference.BinarySecurityToken, KeyReference.IssuerSerial })
            foreach (var (algorithm, key) in Algorithms)
            foreach (var soap in new[] { SoapVersion.Soap11, SoapVersion.Soap12 })
                data.Add(keyReference, algorithm, key, soap);
            return data;
        }
    }
}
