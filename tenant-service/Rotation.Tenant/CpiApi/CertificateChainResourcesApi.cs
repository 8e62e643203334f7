using Rotation.Tenant.Keystore;
using Rotation.Tenant.State;

namespace Rotation.Tenant.CpiApi;

/// <summary>
/// <c>PUT /CertificateChainResources('{hex}')/$value</c>: import a CA's signing response (the certificate chain, PEM or
/// PKCS#7) onto the key pair under the alias (docs/DESIGN.md §12). Answers 201 with the entry, as the certificate
/// upload does. Bodies above 30,720 bytes are refused.
/// </summary>
internal static class CertificateChainResourcesApi
{
    public static RouteGroupBuilder MapCertificateChainResources(this RouteGroupBuilder api)
    {
        api.MapPut("/CertificateChainResources('{hex}')/$value", Upload).WithName("CpiUploadCertificateChain")
            .WithSummary("Import a CA's signing response (certificate chain) for a key pair; body: PEM or PKCS#7");
        return api;
    }

    private static async Task<IResult> Upload(string hex, HttpRequest request, TenantKeystore keystore, LiveTenantState state, CpiRequest cpi, TimeProvider time, CancellationToken cancellationToken)
    {
        var alias = HexAlias.Decode(hex);
        if (!alias.Succeeded) return OData.Error(alias.Error!);
        var body = await CpiBody.ReadAsync(request, CpiBody.UploadLimit);
        if (!body.Succeeded) return OData.Error(body.Error!);
        var stored = await keystore.ImportChainAsync(cpi.Change, alias.Value!, body.Value!, cancellationToken);
        return await CertificateResourcesApi.CreatedAsync(stored, request, state, time, cancellationToken);
    }
}
