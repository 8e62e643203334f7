namespace Rotation.Hosting.Admin;

/// <summary>
/// What a service's admin API says about its token: the realm of the 401 challenge and where the token comes from
/// (in the 401 detail and in the OpenAPI document, so a caller who was refused learns where to look).
/// </summary>
/// <param name="Realm">e.g. rotation-tenant, rotation-sender.</param>
/// <param name="TokenSource">e.g. "--admin-token or ROTATION_ADMIN_TOKEN, or the token generated into the data directory (admin.token)".</param>
public sealed record AdminRealm(string Realm, string TokenSource)
{
    public string UnauthorizedDetail => $"admin calls need 'Authorization: Bearer <token>' ({TokenSource})";
}
