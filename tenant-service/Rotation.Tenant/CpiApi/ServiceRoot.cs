namespace Rotation.Tenant.CpiApi;

/// <summary>The absolute service root of a call (<c>http://host:port/api/v1</c>), for entity URIs.</summary>
internal static class ServiceRoot
{
    public const string Path = "/api/v1";

    public static string Of(HttpRequest request) => $"{request.Scheme}://{request.Host}{Path}";
}
