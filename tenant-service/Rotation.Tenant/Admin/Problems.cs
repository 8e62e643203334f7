using Microsoft.AspNetCore.Http.HttpResults;
using Rotation.Hosting.Problems;
using Rotation.Tenant.Keystore;

namespace Rotation.Tenant.Admin;

/// <summary>Maps refused operations to problem+json with a stable error code.</summary>
internal static class Problems
{
    public static ProblemHttpResult From(KeystoreError error) => Create(StatusFor(error.Code), error.Code.ToString(), error.Message);

    public static ProblemHttpResult Invalid(string detail) => Create(StatusCodes.Status400BadRequest, nameof(KeystoreErrorCode.InvalidRequest), detail);

    /// <summary>The admin APIs' one error contract (type from the code, capped detail), shared with the sender.</summary>
    public static ProblemHttpResult Create(int status, string code, string detail) => AdminProblems.Create(status, code, detail);

    internal static int StatusFor(KeystoreErrorCode code) => code switch
    {
        KeystoreErrorCode.DuplicateAlias or KeystoreErrorCode.PurgeTooEarly or KeystoreErrorCode.AliasInUse or KeystoreErrorCode.KeyInUse or KeystoreErrorCode.NoBackup => StatusCodes.Status409Conflict,
        KeystoreErrorCode.UnknownAlias or KeystoreErrorCode.UnknownHistoryEntry or KeystoreErrorCode.UnknownKey => StatusCodes.Status404NotFound,
        KeystoreErrorCode.NotAKeyPair or KeystoreErrorCode.WrongPassword or KeystoreErrorCode.ChainDoesNotMatch => StatusCodes.Status422UnprocessableEntity,
        KeystoreErrorCode.PreconditionFailed => StatusCodes.Status412PreconditionFailed,
        KeystoreErrorCode.PayloadTooLarge => StatusCodes.Status413PayloadTooLarge,
        KeystoreErrorCode.StoreUnavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status400BadRequest,
    };
}
