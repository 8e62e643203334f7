namespace Rotation.Tenant.Contracts;

/// <summary>What a keystore entry holds: a key pair can sign, a certificate can only be trusted or handed out.</summary>
public enum EntryKind
{
    KeyPair,
    Certificate,
}
