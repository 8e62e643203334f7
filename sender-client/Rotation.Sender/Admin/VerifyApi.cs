using Microsoft.AspNetCore.Http.HttpResults;
using Rotation.Sender.Trust;
using Rotation.Shared.Verification;

namespace Rotation.Sender.Admin;

/// <summary>
/// /admin/verify: verifies one captured response (the raw bytes as the body) with the current trust store,
/// as a live response would be. How a partner checks a response signed with a new key before the tenant exchanges.
/// </summary>
public static class VerifyApi
{
    public static RouteGroupBuilder MapVerifyApi(this RouteGroupBuilder admin)
    {
        admin.MapPost("/verify", Verify).WithTags("Verify").DisableAntiforgery();
        return admin;
    }

    public sealed record VerifyView(bool IsValid, RejectReason Reason, string Message, string? Fingerprint, string? KeyReference, string? Algorithm);

    private static async Task<Results<Ok<VerifyView>, ProblemHttpResult>> Verify(HttpRequest request, TrustStore trust, SenderHostOptions options, TimeProvider time, CancellationToken cancellationToken)
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
        var result = new SignatureVerifier(trust.Current.Set, options.Policy, time).Verify(body.GetBuffer().AsSpan(0, (int)body.Length));
        return TypedResults.Ok(new VerifyView(result.IsValid, result.Reason, result.Message, result.Fingerprint, result.KeyReference?.ToString(), result.Algorithm?.ToString()));
    }
}
