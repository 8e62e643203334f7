namespace Rotation.Container.Tests.Infrastructure;

/// <summary>A fact that needs a Docker engine: skipped, with the reason, only where none answers.</summary>
public sealed class DockerFactAttribute : FactAttribute
{
    public DockerFactAttribute()
    {
        if (DockerEngine.UnreachableReason is { } reason) Skip = reason;
    }
}
