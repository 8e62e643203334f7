using System.Security.Cryptography;
using System.Text;

namespace Rotation.Tenant.Admin;

/// <summary>The bearer token every admin call needs, compared in constant time.</summary>
public sealed class AdminToken
{
    private readonly byte[] _digest;

    public AdminToken(string token, string? storedAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        Value = token;
        StoredAt = storedAt;
        _digest = SHA256.HashData(Encoding.UTF8.GetBytes(token));
    }

    public string Value { get; }

    /// <summary>The file the generated token was stored in; null when it came from configuration.</summary>
    public string? StoredAt { get; }

    // Comparing digests keeps the comparison constant-time even when the lengths differ.
    public bool Matches(string? presented) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(_digest, SHA256.HashData(Encoding.UTF8.GetBytes(presented)));
}

/// <summary>Rejects admin calls without the bearer token with 401 problem+json.</summary>
internal sealed class AdminAuthorizationFilter(AdminToken token) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var header = context.HttpContext.Request.Headers.Authorization.ToString();
        var presented = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
        if (token.Matches(presented)) return await next(context);
        context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer realm=\"rotation-tenant\"";
        return TypedResults.Problem(
            title: "Unauthorized",
            detail: "admin calls need 'Authorization: Bearer <token>' (ROTATION_ADMIN_TOKEN, or the generated token file in the data directory)",
            statusCode: StatusCodes.Status401Unauthorized);
    }
}
