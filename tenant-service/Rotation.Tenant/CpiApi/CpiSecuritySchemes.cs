using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Rotation.Tenant.CpiApi;

/// <summary>
/// Declares how /api/v1 and /oauth/token are called in the OpenAPI document: a client's HTTP Basic credentials or an
/// OAuth 2.0 client-credentials token, not the admin token the rest of the document asks for.
/// </summary>
internal sealed class CpiSecuritySchemes : IOpenApiDocumentTransformer
{
    private const string Basic = "CpiBasic";
    private const string OAuth = "CpiOAuth";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[Basic] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "basic",
            Description = "an API client's id and secret (cpi-clients / ROTATION_CPI_CLIENTS)",
        };
        document.Components.SecuritySchemes[OAuth] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.OAuth2,
            Description = "a bearer token of the client-credentials grant; modifying calls also need X-CSRF-Token (fetch it with 'X-CSRF-Token: Fetch' on a GET)",
            Flows = new OpenApiOAuthFlows { ClientCredentials = new OpenApiOAuthFlow { TokenUrl = new Uri(TokenEndpoint.Path, UriKind.Relative) } },
        };
        foreach (var (path, item) in document.Paths)
        {
            var isToken = path == TokenEndpoint.Path;
            if ((!isToken && !path.StartsWith(ServiceRoot.Path, StringComparison.Ordinal)) || item.Operations is not { } operations) continue;
            foreach (var operation in operations.Values)
            {
                operation.Security = isToken
                    ? [Requirement(document, Basic)]
                    : [Requirement(document, Basic), Requirement(document, OAuth)];
            }
        }
        return Task.CompletedTask;
    }

    private static OpenApiSecurityRequirement Requirement(OpenApiDocument document, string scheme) =>
        new() { [new OpenApiSecuritySchemeReference(scheme, document)] = [] };
}
