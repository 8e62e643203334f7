using Microsoft.AspNetCore.Http.HttpResults;
using Rotation.Tenant.Messages;

namespace Rotation.Tenant.Admin;

/// <summary>/admin/messages: the message log, counts per signing key, and the in-flight view.</summary>
internal static class MessagesApi
{
    public static RouteGroupBuilder MapMessagesApi(this RouteGroupBuilder admin)
    {
        var messages = admin.MapGroup("/messages").WithTags("Messages");
        messages.MapGet("/", Query).WithName("QueryMessages").WithSummary("Query the message log (status, alias, fingerprint, from, to, limit)");
        messages.MapGet("/counts", Counts).WithName("CountMessages").WithSummary("Count messages per signing fingerprint and status");
        messages.MapGet("/in-flight", InFlight).WithName("InFlightMessages").WithSummary("Messages in flight, grouped by signing fingerprint");
        messages.MapPost("/in-flight/{fingerprint}/wait", WaitUntilDrained).WithName("WaitUntilNoneInFlight").WithSummary("Wait until no message signed with the fingerprint is in flight (timeoutMs)");
        return admin;
    }

    private static async Task<Results<Ok<IReadOnlyList<MessageRecord>>, ProblemHttpResult>> Query(
        MessageLog log, MessageStatus? status, string? alias, string? fingerprint, DateTimeOffset? from, DateTimeOffset? to, int? limit, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > 10_000) return Problems.Invalid("limit must be between 1 and 10000");
        var query = new MessageQuery { Status = status, Alias = alias, Fingerprint = fingerprint, From = from, To = to, Limit = limit ?? 100 };
        return TypedResults.Ok(await log.QueryAsync(query, cancellationToken));
    }

    private static async Task<Ok<IReadOnlyList<MessageCount>>> Counts(
        MessageLog log, MessageStatus? status, string? alias, string? fingerprint, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken) =>
        TypedResults.Ok(await log.CountAsync(new MessageQuery { Status = status, Alias = alias, Fingerprint = fingerprint, From = from, To = to }, cancellationToken));

    /// <summary>In a cluster, every node's messages in flight (docs/DESIGN.md §8).</summary>
    private static async Task<Ok<IReadOnlyList<InFlightGroup>>> InFlight(IInFlightView inFlight, CancellationToken cancellationToken) =>
        TypedResults.Ok(await inFlight.GroupsAsync(cancellationToken));

    /// <summary>Waits until no message signed with the fingerprint is in flight; 200 with drained=false when the timeout passes first.</summary>
    private static async Task<Results<Ok<DrainView>, ProblemHttpResult>> WaitUntilDrained(string fingerprint, int? timeoutMs, IInFlightView inFlight, CancellationToken cancellationToken)
    {
        if (timeoutMs is < 0 or > 600_000) return Problems.Invalid("timeoutMs must be between 0 and 600000");
        var normalized = fingerprint.ToLowerInvariant();
        var drained = await inFlight.WaitUntilDrainedAsync(normalized, TimeSpan.FromMilliseconds(timeoutMs ?? 30_000), cancellationToken);
        return TypedResults.Ok(new DrainView(normalized, drained, await inFlight.CountAsync(normalized, cancellationToken)));
    }
}

public sealed record DrainView(string Fingerprint, bool Drained, int InFlight);
