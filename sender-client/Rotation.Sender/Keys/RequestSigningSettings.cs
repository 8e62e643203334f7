using Rotation.Shared.WsSecurity;

namespace Rotation.Sender.Keys;

/// <summary>Whether the sender signs its requests, and how the signature names its key on the wire.</summary>
public sealed record RequestSigningSettings(bool Enabled, KeyReference KeyReference = KeyReference.BinarySecurityToken)
{
    /// <summary>A new keystore signs nothing: a tenant that does not verify requests may fault a Security header it was not told to process.</summary>
    public static RequestSigningSettings Off { get; } = new(false);

    /// <summary>The problem with these settings, or null: only the two references the signer produces.</summary>
    public string? Problem => KeyReference is KeyReference.BinarySecurityToken or KeyReference.IssuerSerial
        ? null
        : $"requests are signed with a BinarySecurityToken or IssuerSerial key reference, not {KeyReference}";
}
