using System.Text.Json.Nodes;

namespace Rotation.Tenant.CpiApi;

/// <summary>
/// The platform's Security Content API under <c>/api/v1</c> (docs/DESIGN.md §9) and its token endpoint: a second face
/// of the same keystore operations as the admin API. Changes are audited as <c>cpi:&lt;client id&gt;</c> and bump the
/// same generation.
/// </summary>
internal static class CpiApi
{
    private static readonly string[] EntitySets =
        ["KeystoreEntries", "Keystores", "KeystoreResources", "HistoryKeystoreEntries", "KeyPairGenerationRequests", "KeyPairResources", "CertificateResources", "CertificateChainResources"];

    public static IEndpointRouteBuilder MapCpiApi(this IEndpointRouteBuilder app)
    {
        app.MapCpiTokenEndpoint();
        var api = app.MapGroup(ServiceRoot.Path).WithTags("Platform API (api/v1)").AddEndpointFilter<CpiAuthorizationFilter>();
        // SAP's examples fetch the CSRF token with GET /api/v1/.
        api.MapGet("/", () => OData.Entity(new JsonObject { ["EntitySets"] = new JsonArray([.. EntitySets.Select(s => (JsonNode)s)]) }))
            .WithName("CpiServiceDocument").WithSummary("The service document; fetch the CSRF token here with 'X-CSRF-Token: Fetch'");
        api.MapKeystoreEntries().MapKeystores().MapHistoryKeystoreEntries()
            .MapKeyPairGenerationRequests().MapKeyPairResources().MapCertificateResources().MapCertificateChainResources().MapKeystoreResources();
        // Anything else under /api/v1 is an OData 404, not an empty page.
        api.Map("/{**rest}", (string rest) => OData.Error(StatusCodes.Status404NotFound, "ResourceNotFound", $"no resource '{rest}' under /api/v1"))
            .ExcludeFromDescription();
        return app;
    }
}
