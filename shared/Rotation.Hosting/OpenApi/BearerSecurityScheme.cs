using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Rotation.Hosting.OpenApi;

/// <summary>Declares an admin API's bearer token in its OpenAPI document, so generated clients send it.</summary>
/// <param name="description">Where the token comes from (its option, variable or file).</param>
public sealed class BearerSecurityScheme(string description) : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = description,
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", document)] = [] });
        return Task.CompletedTask;
    }
}
