using Microsoft.AspNetCore.Http.HttpResults;
using Rotation.Hosting.Problems;
using Rotation.Sender.Keys;
using Rotation.Sender.Trust;

namespace Rotation.Sender.Admin;

/// <summary>The sender's refusals in the admin APIs' shared problem+json contract (type, code, capped detail).</summary>
internal static class Problems
{
    public static ProblemHttpResult BadRequest(string detail) => AdminProblems.Invalid(detail);

    public static ProblemHttpResult Conflict(string code, string detail) => AdminProblems.Create(StatusCodes.Status409Conflict, code, detail);

    public static ProblemHttpResult From(KeystoreChange refused) => Keystore(refused.Error, refused.Message);

    public static ProblemHttpResult Keystore(Keys.KeystoreError error, string message) => AdminProblems.Create(error switch
    {
        KeystoreError.PreconditionFailed => StatusCodes.Status412PreconditionFailed,
        KeystoreError.UnknownAlias or KeystoreError.UnknownHistoryEntry => StatusCodes.Status404NotFound,
        KeystoreError.InvalidRequest or KeystoreError.InvalidAlias => StatusCodes.Status400BadRequest,
        _ => StatusCodes.Status409Conflict,
    }, error.ToString(), message);

    public static ProblemHttpResult From(TrustChange refused) => AdminProblems.Create(refused.Error switch
    {
        TrustError.PreconditionFailed => StatusCodes.Status412PreconditionFailed,
        TrustError.NotFound => StatusCodes.Status404NotFound,
        TrustError.NotAnAuthority => StatusCodes.Status422UnprocessableEntity,
        _ => StatusCodes.Status409Conflict,
    }, refused.Error.ToString(), refused.Message);
}
