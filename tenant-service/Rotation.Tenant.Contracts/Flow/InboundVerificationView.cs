namespace Rotation.Tenant.Contracts;

/// <summary>Inbound verification and, per listed alias, the certificate under it now (none: not imported yet).</summary>
public sealed record InboundVerificationView(InboundVerificationMode Mode, IReadOnlyList<string> PublicKeyAliases, IReadOnlyList<PublicKeyAliasView> Certificates);
