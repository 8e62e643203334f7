namespace Rotation.Sender.Contracts;

/// <summary>The two ways the renewal procedure lets a partner trust the tenant's signing certificate.</summary>
public enum TrustMode
{
    /// <summary>Exactly one trusted certificate; renewal is an atomic exchange (old out, new in, same instant).</summary>
    Single,
    /// <summary>Several trusted certificates at once; renewal adds the new one, later removes the old one.</summary>
    Overlap,
}
