using Microsoft.AspNetCore.Http.HttpResults;
using Rotation.Tenant.Keystore;

namespace Rotation.Tenant.Admin;

/// <summary>Maps refused operations to problem+json with a stable error code.</summary>
internal static class Problems
{
    public static ProblemHttpResult From(KeystoreError error) => Create(StatusFor(error.Code), error.Code.ToString(), error.Message);

    public static ProblemHttpResult Invalid(string detail) => Create(StatusCodes.Status400BadRequest, nameof(KeystoreErrorCode.InvalidRequest), detail);

    // Details quote what the caller sent (aliases, algorithm names): cap them so a 5 MB field is not answered with 5 MB.
    private const int MaxDetailLength = 512;

    public static ProblemHttpResult Create(int status, string code, string detail) => TypedResults.Problem(
        title: Title(code),
        detail: detail.Length <= MaxDetailLength ? detail : string.Concat(detail.AsSpan(0, MaxDetailLength), "… (truncated)"),
        statusCode: status,
        type: $"https://rotation.example/problems/{Kebab(code)}",
        extensions: new Dictionary<string, object?> { ["code"] = code });

    internal static int StatusFor(KeystoreErrorCode code) => code switch
    {
        KeystoreErrorCode.DuplicateAlias or KeystoreErrorCode.PurgeTooEarly or KeystoreErrorCode.AliasInUse or KeystoreErrorCode.KeyInUse => StatusCodes.Status409Conflict,
        KeystoreErrorCode.UnknownAlias or KeystoreErrorCode.UnknownHistoryEntry or KeystoreErrorCode.UnknownKey => StatusCodes.Status404NotFound,
        KeystoreErrorCode.NotAKeyPair or KeystoreErrorCode.WrongPassword => StatusCodes.Status422UnprocessableEntity,
        KeystoreErrorCode.PreconditionFailed => StatusCodes.Status412PreconditionFailed,
        KeystoreErrorCode.PayloadTooLarge => StatusCodes.Status413PayloadTooLarge,
        _ => StatusCodes.Status400BadRequest,
    };

    private static string Title(string code) => string.Concat(code.Select((c, i) => i > 0 && char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : c.ToString()));

    private static string Kebab(string code) => string.Concat(code.Select((c, i) => i > 0 && char.IsUpper(c) ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
