using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Rotation.Hosting.Problems;

namespace Rotation.Hosting.Audit;

/// <summary>
/// GET of an audit trail (<c>?last=N</c>, 1 to 10000, default 100): the newest records, oldest first, or 400 problem+json
/// for a count out of range. Every admin API serves its trails through here, so they page and refuse alike.
/// </summary>
public static class AuditEndpoint
{
    public const int DefaultRecords = 100;
    public const int MaxRecords = 10_000;

    /// <param name="read">Reads the last N records from the trail's owner <typeparamref name="TSource"/> (from DI).</param>
    public static RouteHandlerBuilder MapAuditTrail<TSource, TRecord>(this IEndpointRouteBuilder group, string pattern,
        Func<TSource, int, CancellationToken, Task<IReadOnlyList<TRecord>>> read) where TSource : notnull =>
        group.MapGet(pattern, async Task<Results<Ok<IReadOnlyList<TRecord>>, ProblemHttpResult>> (int? last, [FromServices] TSource source, CancellationToken cancellationToken) =>
        {
            if (last is < 1 or > MaxRecords) return AdminProblems.Invalid($"last must be between 1 and {MaxRecords}");
            return TypedResults.Ok(await read(source, last ?? DefaultRecords, cancellationToken).ConfigureAwait(false));
        }).WithTags("Audit");
}
