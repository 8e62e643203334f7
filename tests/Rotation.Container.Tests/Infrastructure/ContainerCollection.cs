namespace Rotation.Container.Tests.Infrastructure;

[CollectionDefinition(Name)]
public sealed class ContainerCollection : ICollectionFixture<RotationImages>
{
    // One collection: the container tests run one after another, which a 2-core machine needs.
    public const string Name = "containers";
}
