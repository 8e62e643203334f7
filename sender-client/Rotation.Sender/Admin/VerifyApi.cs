using Microsoft.AspNetCore.Http.HttpResults;
using Rotation.Sender.Trust;
using Rotation.Shared.Verification;

namespace Rotation.Sender.Admin;

/// <summary>
/// /admin/verify: verifies one captured response (the raw bytes as the body) with the trust in effect, through the
/// sender profile, as a live response would be. How a partner checks a response signed with a new key before the tenant exchanges.
/// </summary>
public static class VerifyApi
{
    public static RouteGroupBuilder MapVerifyApi(this RouteGroupBuilder admin)
    {
        admin.MapPost("/verify", Verify).WithTags("Verify").DisableAntiforgery();
        return admin;
    }

    private static async Task<Results<Ok<VerifyView>, ProblemHttpResult>> Verify(HttpRequest request, Profiles.ProfiledTrust trust, SenderHostOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        var limit = options.Policy.MaxDocumentBytes;
        using var body = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (body.Length + read > limit) return Problems.BadRequest($"the response is larger than the policy's limit of {limit} bytes");
            body.Write(buffer, 0, read);
        }
        if (body.Length == 0) return Problems.BadRequest("the body must be the raw response to verify");
        var verifier = new SignatureVerifier(trust.InEffect.Set, options.Policy, time);
        var result = Wcf.ResponseVerification.VerifyOnce(verifier, trust, body.GetBuffer().AsSpan(0, (int)body.Length));
        return TypedResults.Ok(new VerifyView(result.IsValid, result.Reason, result.Message, result.Fingerprint, result.KeyReference?.ToString(), result.Algorithm?.ToString()));
    }
}
