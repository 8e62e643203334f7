namespace Rotation.Sender.Contracts;

/// <summary>Every trusted certificate's expiry as of <see cref="At"/>, soonest first.</summary>
public sealed record ExpiryView(DateTimeOffset At, IReadOnlyList<TrustExpiry> Certificates);
