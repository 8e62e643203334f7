using Rotation.Shared.WsSecurity;

namespace Rotation.Shared.Tests.Support;

/// <summary>What the crafted signature looks like: references, algorithms, key info, where it goes.</summary>
public sealed record SignatureSpec
{
    public IReadOnlyList<ReferenceSpec> References { get; init; } =
        [ReferenceSpec.To(CraftedEnvelope.TimestampId), ReferenceSpec.To(CraftedEnvelope.BodyId)];

    public string SignatureMethod { get; init; } = AlgorithmUris.RsaSha256;
    public string CanonicalizationMethod { get; init; } = WsNamespaces.ExcC14N;

    /// <summary>The SecurityTokenReference (or other KeyInfo content) as XML text.</summary>
    public string KeyInfoXml { get; init; } = KeyInfos.TokenReference(CraftedEnvelope.TokenId);

    /// <summary>InclusiveNamespaces PrefixList of SignedInfo's CanonicalizationMethod, as WSS4J writes it.</summary>
    public string? SignedInfoInclusivePrefixes { get; init; }

    /// <summary>Sign with HMAC under this key instead of the asymmetric key (the key-confusion attack).</summary>
    public byte[]? HmacKey { get; init; }
}
