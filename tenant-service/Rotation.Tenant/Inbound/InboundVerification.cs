using System.Text.Json.Serialization;
using Rotation.Tenant.Keystore;

namespace Rotation.Tenant.Inbound;

/// <summary>
/// The flow's inbound verification, next to its signer step (docs/DESIGN.md §10): off or required, and the public key
/// aliases whose certificates may sign a request. An alias may be listed before anything is imported under it, as on
/// the platform, so a sender's renewal can be prepared; it counts once it holds a certificate.
/// </summary>
public sealed record InboundVerification
{
    public const int MaxPublicKeyAliases = 32;

    public static InboundVerification Off { get; } = new();

    public InboundVerificationMode Mode { get; init; } = InboundVerificationMode.Off;
    public IReadOnlyList<string> PublicKeyAliases { get; init; } = [];

    [JsonIgnore]
    public bool IsRequired => Mode == InboundVerificationMode.Required;

    /// <summary>Null when the settings can be used; else why not.</summary>
    public string? Problem()
    {
        if (!Enum.IsDefined(Mode)) return $"inbound verification mode must be {string.Join(" or ", Enum.GetNames<InboundVerificationMode>())}";
        if (PublicKeyAliases.Count > MaxPublicKeyAliases) return $"at most {MaxPublicKeyAliases} public key aliases, not {PublicKeyAliases.Count}";
        foreach (var alias in PublicKeyAliases)
            if (AliasRules.Check(alias) is { } invalid) return $"public key aliases: {invalid.Message}";
        if (PublicKeyAliases.Distinct(KeystoreSnapshot.AliasComparer).Count() != PublicKeyAliases.Count) return "public key aliases must not repeat";
        if (IsRequired && PublicKeyAliases.Count == 0) return "required inbound verification needs at least one public key alias";
        return null;
    }

    // Value equality over the list's items: a state read back from a store equals the one committed.
    public bool Equals(InboundVerification? other) =>
        other is not null && Mode == other.Mode && PublicKeyAliases.SequenceEqual(other.PublicKeyAliases, StringComparer.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Mode, PublicKeyAliases.Count);
}
