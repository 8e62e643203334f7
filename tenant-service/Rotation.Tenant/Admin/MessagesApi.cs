using Microsoft.AspNetCore.Http.HttpResults;
using Rotation.Tenant.Messages;

namespace Rotation.Tenant.Admin;

/// <summary>
/// /admin/messages: the message log, counts per signing key (or per certificate that verified the request), and the
/// in-flight views by signing key and by verifying certificate (docs/DESIGN.md §10).
/// </summary>
internal static class MessagesApi
{
    public static RouteGroupBuilder MapMessagesApi(this RouteGroupBuilder admin)
    {
        var messages = admin.MapGroup("/messages").WithTags("Messages");
        messages.MapGet("/", Query).WithName("QueryMessages").WithSummary("Query the message log (status, alias, fingerprint, verifiedAlias, verifiedFingerprint, from, to, limit)");
        messages.MapGet("/counts", Counts).WithName("CountMessages").WithSummary("Count messages per fingerprint and status (by=Signing, the default, or Verifying)");
        messages.MapGet("/in-flight", InFlight).WithName("InFlightMessages").WithSummary("Messages in flight, grouped by signing fingerprint");
        messages.MapPost("/in-flight/{fingerprint}/wait", WaitUntilDrained).WithName("WaitUntilNoneInFlight").WithSummary("Wait until no message signed with the fingerprint is in flight (timeoutMs)");
        messages.MapGet("/in-flight/verified", VerifiedInFlight).WithName("VerifiedInFlightMessages").WithSummary("Messages in flight, grouped by the fingerprint of the certificate that verified the request");
        messages.MapPost("/in-flight/verified/{fingerprint}/wait", WaitUntilVerifiedDrained).WithName("WaitUntilNoneVerifiedInFlight")
            .WithSummary("Wait until no message verified with the certificate is in flight (timeoutMs)");
        return admin;
    }

    private static async Task<Results<Ok<IReadOnlyList<MessageRecord>>, ProblemHttpResult>> Query(
        MessageLog log, MessageStatus? status, string? alias, string? fingerprint, string? verifiedAlias, string? verifiedFingerprint,
        DateTimeOffset? from, DateTimeOffset? to, int? limit, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > 10_000) return Problems.Invalid("limit must be between 1 and 10000");
        var query = new MessageQuery
        {
            Status = status, Alias = alias, Fingerprint = fingerprint, VerifiedAlias = verifiedAlias, VerifiedFingerprint = verifiedFingerprint,
            From = from, To = to, Limit = limit ?? 100,
        };
        return TypedResults.Ok(await log.QueryAsync(query, cancellationToken));
    }

    private static async Task<Ok<IReadOnlyList<MessageCount>>> Counts(MessageLog log, MessageStatus? status, string? alias, string? fingerprint,
        string? verifiedAlias, string? verifiedFingerprint, DateTimeOffset? from, DateTimeOffset? to, CountedBy? by, CancellationToken cancellationToken)
    {
        var query = new MessageQuery { Status = status, Alias = alias, Fingerprint = fingerprint, VerifiedAlias = verifiedAlias, VerifiedFingerprint = verifiedFingerprint, From = from, To = to };
        return TypedResults.Ok(await log.CountAsync(query, by ?? CountedBy.Signing, cancellationToken));
    }

    /// <summary>In a cluster, every node's messages in flight (docs/DESIGN.md §8).</summary>
    private static async Task<Ok<IReadOnlyList<InFlightGroup>>> InFlight(IInFlightView inFlight, CancellationToken cancellationToken) =>
        TypedResults.Ok(await inFlight.GroupsAsync(cancellationToken));

    /// <summary>In a cluster, every node's verified messages in flight (docs/DESIGN.md §8, §10).</summary>
    private static async Task<Ok<IReadOnlyList<InFlightGroup>>> VerifiedInFlight(VerifiedInFlight verified, CancellationToken cancellationToken) =>
        TypedResults.Ok(await verified.View.GroupsAsync(cancellationToken));

    /// <summary>Waits until no message signed with the fingerprint is in flight; 200 with drained=false when the timeout passes first.</summary>
    private static Task<Results<Ok<DrainView>, ProblemHttpResult>> WaitUntilDrained(string fingerprint, int? timeoutMs, IInFlightView inFlight, CancellationToken cancellationToken) =>
        WaitAsync(inFlight, fingerprint, timeoutMs, cancellationToken);

    /// <summary>Waits until no message verified with the certificate is in flight (in a cluster, on any node); 200 with drained=false when the timeout passes first.</summary>
    private static Task<Results<Ok<DrainView>, ProblemHttpResult>> WaitUntilVerifiedDrained(string fingerprint, int? timeoutMs, VerifiedInFlight verified, CancellationToken cancellationToken) =>
        WaitAsync(verified.View, fingerprint, timeoutMs, cancellationToken);

    private static async Task<Results<Ok<DrainView>, ProblemHttpResult>> WaitAsync(IInFlightView inFlight, string fingerprint, int? timeoutMs, CancellationToken cancellationToken)
    {
        if (timeoutMs is < 0 or > 600_000) return Problems.Invalid("timeoutMs must be between 0 and 600000");
        var normalized = fingerprint.ToLowerInvariant();
        var drained = await inFlight.WaitUntilDrainedAsync(normalized, TimeSpan.FromMilliseconds(timeoutMs ?? 30_000), cancellationToken);
        return TypedResults.Ok(new DrainView(normalized, drained, await inFlight.CountAsync(normalized, cancellationToken)));
    }
}
