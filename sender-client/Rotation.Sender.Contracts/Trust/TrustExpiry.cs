namespace Rotation.Sender.Contracts;

/// <summary>One trusted certificate's validity as of a moment: what the sender monitors (docs/DESIGN.md §13).</summary>
public sealed record TrustExpiry(string Fingerprint, string Subject, string Issuer, DateTimeOffset NotAfter, double DaysToExpiry, bool Expired);
