using Microsoft.AspNetCore.Http.HttpResults;
using Rotation.Sender.Profiles;

namespace Rotation.Sender.Admin;

/// <summary>/admin/profile: the sender profile in force (docs/DESIGN.md §13) and, for a drill, the way to change it.</summary>
public static class ProfileApi
{
    public static RouteGroupBuilder MapProfileApi(this RouteGroupBuilder admin)
    {
        var group = admin.MapGroup("/profile").WithTags("Profile");
        group.MapGet("/", Get);
        group.MapPut("/", Put);
        return group;
    }

    public static ProfileView View(ProfiledTrust trust, Trust.TrustStore store)
    {
        var profile = trust.Profile;
        var cache = trust.Cache;
        return new ProfileView(profile.ToString(), profile.Kind, profile.Behaviour, profile.CacheLifetime.TotalSeconds,
            trust.InEffect.Revision, store.Current.Revision, cache?.LoadedAt, cache?.ExpiresAt);
    }

    private static Ok<ProfileView> Get(ProfiledTrust trust, Trust.TrustStore store) => TypedResults.Ok(View(trust, store));

    private static Results<Ok<ProfileView>, ProblemHttpResult> Put(ProfileBody body, ProfiledTrust trust, Trust.TrustStore store)
    {
        if (!SenderProfile.TryParse(body.Profile, out var profile, out var error)) return Problems.BadRequest(error);
        trust.Set(profile);
        return TypedResults.Ok(View(trust, store));
    }
}
