namespace Rotation.Sender.Trust;

/// <summary>Why a trust store operation was refused. Expected outcomes of admin actions, not exceptions.</summary>
public enum TrustError
{
    None = 0,
    /// <summary>Single mode trusts exactly one certificate: use exchange, or switch to overlap first.</summary>
    SingleModeHoldsOne,
    AlreadyTrusted,
    NotFound,
    /// <summary>Removing the last certificate would make every response fail.</summary>
    WouldBeEmpty,
    /// <summary>Switching to single mode needs exactly one trusted certificate.</summary>
    ModeNeedsExactlyOne,
    /// <summary>If-Match named an older revision than the store's.</summary>
    PreconditionFailed,
    /// <summary>A certificate offered as a trusted CA is not one (basic constraints CA=true).</summary>
    NotAnAuthority,
}

/// <summary>The outcome of a trust store operation: the snapshot now in force, or why nothing changed.</summary>
public sealed record TrustChange(TrustError Error, string Message, TrustSnapshot Snapshot)
{
    public bool Succeeded => Error == TrustError.None;

    public static TrustChange Done(TrustSnapshot snapshot, string message) => new(TrustError.None, message, snapshot);
    public static TrustChange Refused(TrustError error, string message, TrustSnapshot unchanged) => new(error, message, unchanged);
}
