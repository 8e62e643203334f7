using System.Security.Cryptography.Xml;
using Rotation.Shared.WsSecurity;

namespace Rotation.Shared.Tests.Support;

/// <summary>One ds:Reference the test signer should produce.</summary>
public sealed record ReferenceSpec(string Uri)
{
    public string DigestMethod { get; init; } = AlgorithmUris.DigestSha256;

    /// <summary>Factories, because a Transform instance belongs to one Reference.</summary>
    public IReadOnlyList<Func<Transform>> Transforms { get; init; } = [() => new XmlDsigExcC14NTransform()];

    public static ReferenceSpec To(string id) => new("#" + id);
}
