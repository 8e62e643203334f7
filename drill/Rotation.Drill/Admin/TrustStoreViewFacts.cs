using Rotation.Drill.Running;
using Rotation.Sender.Contracts;

namespace Rotation.Drill.Admin;

/// <summary>What the drill's steps and its restore ask of the sender's trust store.</summary>
public static class TrustStoreViewFacts
{
    /// <summary>The certificate is pinned (a CA it chains to does not count).</summary>
    public static bool Holds(this TrustStoreView trust, string fingerprint) => trust.Certificates.Any(c => c.Fingerprint == fingerprint);

    public static bool HoldsAuthority(this TrustStoreView trust, string fingerprint) => trust.Authorities.Any(c => c.Fingerprint == fingerprint);

    /// <summary>The mode, the pinned certificates and the CAs, in one line for the console and the report.</summary>
    public static string Describe(this TrustStoreView trust) =>
        $"{trust.Mode}: " + string.Join(", ", trust.Certificates.Select(c => $"{c.Subject} ({FingerprintText.Short(c.Fingerprint)})")
            .Concat(trust.Authorities.Select(a => $"CA {a.Subject} ({FingerprintText.Short(a.Fingerprint)})")));
}
