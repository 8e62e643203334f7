namespace Rotation.Tenant.Keystore;

/// <summary>Why a change of the tenant state (keystore, signer step, flow) was refused. Expected failures are values, mapped to problem+json by the admin API.</summary>
public enum KeystoreErrorCode
{
    InvalidRequest,
    InvalidAlias,
    DuplicateAlias,
    UnknownAlias,
    UnknownHistoryEntry,
    UnknownKey,
    UnsupportedKey,
    NotAKeyPair,
    MalformedPkcs12,
    WrongPassword,
    MalformedCertificate,
    PurgeTooEarly,
    PreconditionFailed,
    /// <summary>The signer step uses the alias: deleting or renaming it would leave the flow without a key.</summary>
    AliasInUse,
    /// <summary>The signer step is pinned to the key pair.</summary>
    KeyInUse,
    /// <summary>An upload above a limit (the platform's API: 30,720 bytes for a key pair).</summary>
    PayloadTooLarge,
    /// <summary>The shared store cannot be reached: nothing can be committed, so nothing is changed (docs/DESIGN.md §8).</summary>
    StoreUnavailable,
    /// <summary>A CA's signing response holds no certificate for the key pair it is imported onto.</summary>
    ChainDoesNotMatch,
    /// <summary>A restore was asked for, and no backup of the keystore has been made.</summary>
    NoBackup,
}

public sealed record KeystoreError(KeystoreErrorCode Code, string Message);

/// <summary>Either the value of a successful operation or the reason it was refused.</summary>
public readonly record struct KeystoreResult<T>
{
    private KeystoreResult(T? value, KeystoreError? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }
    public KeystoreError? Error { get; }
    public bool Succeeded => Error is null;

    public static implicit operator KeystoreResult<T>(T value) => new(value, null);
    public static implicit operator KeystoreResult<T>(KeystoreError error) => new(default, error);
}
