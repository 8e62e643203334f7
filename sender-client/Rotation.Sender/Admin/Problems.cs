using Microsoft.AspNetCore.Http.HttpResults;
using Rotation.Sender.Trust;

namespace Rotation.Sender.Admin;

/// <summary>problem+json responses for the refusals admin actions can meet.</summary>
internal static class Problems
{
    public static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid request", detail: detail);

    public static ProblemHttpResult Conflict(string title, string detail, string? code = null) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: title, detail: detail,
            extensions: code is null ? null : new Dictionary<string, object?> { ["code"] = code });

    public static ProblemHttpResult From(TrustChange refused) => refused.Error switch
    {
        TrustError.PreconditionFailed => TypedResults.Problem(statusCode: StatusCodes.Status412PreconditionFailed, title: "Precondition failed", detail: refused.Message,
            extensions: new Dictionary<string, object?> { ["code"] = refused.Error.ToString() }),
        TrustError.NotFound => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not trusted", detail: refused.Message,
            extensions: new Dictionary<string, object?> { ["code"] = refused.Error.ToString() }),
        _ => Conflict("Trust store refused the change", refused.Message, refused.Error.ToString()),
    };
}
