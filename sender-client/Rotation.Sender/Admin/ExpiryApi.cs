using Microsoft.AspNetCore.Http.HttpResults;
using Rotation.Sender.Trust;

namespace Rotation.Sender.Admin;

/// <summary>/admin/trust/expiry: days to expiry of every trusted certificate, soonest first (docs/DESIGN.md §13).</summary>
public static class ExpiryApi
{
    public static RouteGroupBuilder MapExpiryApi(this RouteGroupBuilder admin)
    {
        admin.MapGet("/trust/expiry", List).WithTags("Trust");
        return admin;
    }

    private static Ok<ExpiryView> List(TrustStore store, TimeProvider time)
    {
        var now = time.GetUtcNow();
        return TypedResults.Ok(new ExpiryView(now, TrustExpiries.Of(store.Current, now)));
    }
}
