using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Rotation.Tenant.CpiApi;

/// <summary>
/// The platform API's own OpenAPI document, <c>/openapi/cpi.json</c> (docs/DESIGN.md §9): only <c>/api/v1</c> and its token
/// endpoint, with their security schemes, so a script author reads the surface a real tenant offers without the admin API.
/// The full document (<c>/openapi/v1.json</c>) still lists it too.
/// </summary>
internal static class CpiOpenApiDocument
{
    public const string Name = "cpi";

    public static IServiceCollection AddCpiOpenApi(this IServiceCollection services) => services.AddOpenApi(Name, openApi =>
    {
        openApi.ShouldInclude = description => description.RelativePath is { } path
            && (path.StartsWith(ServiceRoot.Path.TrimStart('/'), StringComparison.Ordinal) || path == TokenEndpoint.Path.TrimStart('/'));
        openApi.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "Rotation tenant — Security Content API (api/v1)",
                Version = "v1",
                Description = "SAP Cloud Integration's keystore API as this tenant speaks it: OData V2 JSON, hex aliases in keys, " +
                    "HTTP Basic or OAuth 2.0 client credentials, and X-CSRF-Token on every modifying call.",
            };
            return Task.CompletedTask;
        });
        openApi.AddDocumentTransformer<CpiSecuritySchemes>();
    });
}
