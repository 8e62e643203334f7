using Microsoft.AspNetCore.Http.HttpResults;
using Rotation.Hosting.Problems;
using Rotation.Sender.Trust;

namespace Rotation.Sender.Admin;

/// <summary>The sender's refusals in the admin APIs' shared problem+json contract (type, code, capped detail).</summary>
internal static class Problems
{
    public static ProblemHttpResult BadRequest(string detail) => AdminProblems.Invalid(detail);

    public static ProblemHttpResult Conflict(string code, string detail) => AdminProblems.Create(StatusCodes.Status409Conflict, code, detail);

    public static ProblemHttpResult From(TrustChange refused) => AdminProblems.Create(refused.Error switch
    {
        TrustError.PreconditionFailed => StatusCodes.Status412PreconditionFailed,
        TrustError.NotFound => StatusCodes.Status404NotFound,
        TrustError.NotAnAuthority => StatusCodes.Status422UnprocessableEntity,
        _ => StatusCodes.Status409Conflict,
    }, refused.Error.ToString(), refused.Message);
}
