namespace Rotation.Shared.Verification;

/// <summary>Why a signed response was rejected. Stable names: logs, reports and exit codes use them.</summary>
public enum RejectReason
{
    None = 0,
    Malformed,
    TooLarge,
    DtdProhibited,
    NotAnEnvelope,
    BodyNotUnique,
    SecurityHeaderMissing,
    SecurityHeaderNotUnique,
    SignatureMissing,
    SignatureNotUnique,
    DuplicateId,
    ReferenceNotAllowed,
    ReferenceNotFound,
    BodyNotSigned,
    TimestampNotSigned,
    TooManyReferences,
    TooManyTransforms,
    TransformNotAllowed,
    AlgorithmNotAllowed,
    KeyReferenceUnsupported,
    KeyNotFound,
    CertificateUntrusted,
    CertificateNotYetValid,
    CertificateExpired,
    TimestampMissing,
    TimestampNotUnique,
    TimestampMalformed,
    TimestampTooOld,
    TimestampInFuture,
    TimestampExpired,
    DigestMismatch,
    SignatureInvalid,

    // docs/DESIGN.md §3 item 9: caps on what could make the work before the signature check slow; each names its cap.
    NestingTooDeep,
    TooManyAttributes,
    TooManyNamespaceDeclarations,
    PrefixListTooLong,
    SerialNumberTooLong,
    TokenTooLarge,

    // docs/DESIGN.md §3 item 8: where the standards are strict.
    TimestampExpiresBeforeCreated,
    EnvelopeChildrenOutOfOrder,
    TokenMalformed,

    // docs/DESIGN.md §12: trust by CA.
    /// <summary>The certificate chains to a trusted CA but its key usage excludes digitalSignature.</summary>
    CertificateNotForSigning,
}
