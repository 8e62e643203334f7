using System.Text.Json.Nodes;
using Rotation.Tenant.Admin;
using Rotation.Tenant.Keystore;

namespace Rotation.Tenant.CpiApi;

/// <summary>
/// <c>POST /KeyPairResources?update=false</c> imports a PKCS#12 key pair under a new alias; <c>update=true</c>
/// replaces the key pair under an existing alias in one change (the exchange keeping the alias: the old key pair
/// goes to the key history). The PKCS#12 is at most 30,720 bytes, as on the platform.
/// </summary>
internal static class KeyPairResourcesApi
{
    public static RouteGroupBuilder MapKeyPairResources(this RouteGroupBuilder api)
    {
        api.MapPost("/KeyPairResources", Upload).WithName("CpiUploadKeyPair")
            .WithSummary("Import (update=false) or replace (update=true) a key pair from PKCS#12: {Hexalias, Alias, Password, Resource (base64)}");
        return api;
    }

    private static async Task<IResult> Upload(HttpRequest request, TenantKeystore keystore, CpiRequest cpi, CancellationToken cancellationToken)
    {
        var update = CpiBody.Update(request.Query);
        if (!update.Succeeded) return OData.Error(update.Error!);
        var read = await CpiBody.ReadJsonAsync<KeyPairResource>(request);
        if (!read.Succeeded) return OData.Error(read.Error!);
        var body = read.Value!;
        if (string.IsNullOrEmpty(body.Alias)) return OData.Invalid("Alias is mandatory");
        if (!Base64.TryDecode(body.Resource, out var pkcs12))
            return OData.Error(new KeystoreError(KeystoreErrorCode.MalformedPkcs12, "Resource must be the base64 of a PKCS#12 (PFX) file"));
        if (pkcs12.Length > CpiBody.UploadLimit) return OData.Error(CpiBody.TooLarge(CpiBody.UploadLimit));

        var error = update.Value
            ? (await keystore.ExchangeFromPkcs12Async(cpi.Change, body.Alias, pkcs12, body.Password, cancellationToken)).Error
            : ReservedAliases.Check(body.Alias) ?? (await keystore.ImportKeyPairAsync(cpi.Change, body.Alias, pkcs12, body.Password, cancellationToken)).Error;
        if (error is not null) return OData.Error(error);
        var hex = HexAlias.Encode(body.Alias);
        request.HttpContext.Response.Headers.Location = $"{ServiceRoot.Of(request)}/KeystoreEntries('{hex}')";
        // Never echo the PKCS#12 or its password.
        return OData.Entity(new JsonObject { ["Hexalias"] = hex, ["Alias"] = body.Alias }, StatusCodes.Status201Created);
    }
}

/// <summary>The platform's KeyPairResource: the PKCS#12 in base64 and its password.</summary>
internal sealed record KeyPairResource(string? Hexalias, string? Alias, string? Password, string? Resource);
