namespace Rotation.Sender.Contracts;

/// <summary>How the sender's verifier behaves towards its trust store (docs/DESIGN.md §13).</summary>
public enum SenderProfileKind
{
    /// <summary>Every trust change applies to the next response; the certificate is found by exact encoding.</summary>
    Strict,
    /// <summary>The trust store is read once and kept for a lifetime: changes apply only when it expires or the sender restarts.</summary>
    CachedTrust,
    /// <summary>The certificate is looked up by subject (or issuer) and only the first match is tried.</summary>
    FirstMatch,
}
