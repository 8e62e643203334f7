using Rotation.Tenant.Keystore;
using Rotation.Tenant.State;

namespace Rotation.Tenant.CpiApi;

/// <summary>
/// <c>PUT /CertificateResources('{hex}')/$value?update=false|true</c>: import a certificate (PEM or DER body) under
/// the alias of the key, or replace the certificate of an existing certificate entry. Answers 201 with the entry
/// (SAP notes that this PUT creates an entity). Bodies above 30,720 bytes are refused.
/// </summary>
internal static class CertificateResourcesApi
{
    public static RouteGroupBuilder MapCertificateResources(this RouteGroupBuilder api)
    {
        api.MapPut("/CertificateResources('{hex}')/$value", Upload).WithName("CpiUploadCertificate")
            .WithSummary("Import (update=false) or replace (update=true) a certificate; body: PEM");
        return api;
    }

    private static async Task<IResult> Upload(string hex, HttpRequest request, TenantKeystore keystore, LiveTenantState state, CpiRequest cpi, TimeProvider time, CancellationToken cancellationToken)
    {
        var alias = HexAlias.Decode(hex);
        if (!alias.Succeeded) return OData.Error(alias.Error!);
        var update = CpiBody.Update(request.Query);
        if (!update.Succeeded) return OData.Error(update.Error!);
        var body = await CpiBody.ReadAsync(request, CpiBody.UploadLimit);
        if (!body.Succeeded) return OData.Error(body.Error!);
        if (!update.Value && ReservedAliases.Check(alias.Value!) is { } reserved) return OData.Error(reserved);
        var stored = update.Value
            ? await keystore.ReplaceCertificateAsync(cpi.Change, alias.Value!, body.Value!, cancellationToken)
            : await keystore.ImportCertificateAsync(cpi.Change, alias.Value!, body.Value!, cancellationToken);
        return await CreatedAsync(stored, request, state, time, cancellationToken);
    }

    /// <summary>An upload's answer: 201 with the entry and its Location, or the refusal as an OData error.</summary>
    internal static async Task<IResult> CreatedAsync(KeystoreResult<Committed<KeystoreEntry>> stored, HttpRequest request, LiveTenantState state, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!stored.Succeeded) return OData.Error(stored.Error!);
        var authors = await EntryAuthors.ReadAsync(state, cancellationToken);
        var root = ServiceRoot.Of(request);
        request.HttpContext.Response.Headers.Location = $"{root}/KeystoreEntries('{HexAlias.Encode(stored.Value!.Value.Alias)}')";
        return OData.Entity(CpiEntities.KeystoreEntry(stored.Value.Value, authors, time.GetUtcNow(), root), StatusCodes.Status201Created);
    }
}
