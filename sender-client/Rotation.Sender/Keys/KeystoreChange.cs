namespace Rotation.Sender.Keys;

/// <summary>Why a sender keystore operation was refused. Expected outcomes of admin actions, not exceptions.</summary>
public enum KeystoreError
{
    None = 0,
    InvalidRequest,
    InvalidAlias,
    DuplicateAlias,
    UnknownAlias,
    UnknownHistoryEntry,
    /// <summary>A key history entry is kept for the retention period (at least 90 days) before it can be purged.</summary>
    PurgeTooEarly,
    /// <summary>The signing alias cannot be consumed as the source of an exchange.</summary>
    AliasInUse,
    /// <summary>If-Match named another revision than the keystore's.</summary>
    PreconditionFailed,
}

/// <summary>The outcome of a keystore operation: the snapshot now in force and what it touched, or why nothing changed.</summary>
public sealed record KeystoreChange(KeystoreError Error, string Message, SenderKeystoreSnapshot Snapshot, SenderKeyPair? KeyPair = null, KeyHistoryEntry? Retired = null)
{
    public bool Succeeded => Error == KeystoreError.None;
}
