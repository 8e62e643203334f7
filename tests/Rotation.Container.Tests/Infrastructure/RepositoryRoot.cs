namespace Rotation.Container.Tests.Infrastructure;

/// <summary>The checkout the tests were built from: the build context of the images.</summary>
public static class RepositoryRoot
{
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "docker-compose.yml")) && Directory.Exists(Path.Combine(dir.FullName, "docker")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"no repository root (with docker-compose.yml and docker/) above {AppContext.BaseDirectory}");
    }
}
