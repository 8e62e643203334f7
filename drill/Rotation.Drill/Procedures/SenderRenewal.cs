using Rotation.Drill.Tenants;
using Rotation.Sender.Contracts;

namespace Rotation.Drill.Procedures;

/// <summary>
/// What both administrators know and hand each other in the renewal of the sender's key (--case verify-request,
/// docs/DESIGN.md §10): the sender's signing alias and its old and new key pair, and the tenant's public key aliases
/// for the old and the new certificate.
/// </summary>
public sealed class SenderRenewal(InboundAdministration inbound)
{
    /// <summary>The tenant's inbound verification and message log, on every node the drill knows.</summary>
    public InboundAdministration Inbound => inbound;

    /// <summary>The sender's alias that signs requests; the exchange keeps it.</summary>
    public required string SigningAlias { get; init; }
    public required KeyPairView Old { get; init; }
    /// <summary>The tenant's public key alias that holds the sender's old certificate.</summary>
    public required string OldTenantAlias { get; init; }
    /// <summary>When the drill prepared the renewal: the message log is read from here.</summary>
    public required DateTimeOffset PreparedAt { get; init; }
    /// <summary>The other aliases the flow allows (other senders'): the procedure never touches them.</summary>
    public required IReadOnlyList<string> OtherAliases { get; init; }

    /// <summary>The new key pair's alias on the sender until the exchange moves it under <see cref="SigningAlias"/>.</summary>
    public string? NewSenderAlias { get; set; }
    public string? NewFingerprint { get; set; }
    /// <summary>The certificate the sender administrator handed over.</summary>
    public string? NewCertificatePem { get; set; }
    /// <summary>The tenant's public key alias for the new certificate.</summary>
    public string? NewTenantAlias { get; set; }
    /// <summary>When the sender's exchange was acknowledged: from then on its requests are signed with the new key.</summary>
    public DateTimeOffset? SwitchedAt { get; set; }
    /// <summary>When the tenant removed the old certificate.</summary>
    public DateTimeOffset? RemovedAt { get; set; }
    public RetiredView? Retired { get; set; }
}
