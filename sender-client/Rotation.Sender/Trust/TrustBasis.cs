namespace Rotation.Sender.Trust;

/// <summary>
/// What the trust store trusts a signer's certificate by (docs/DESIGN.md §12), derived from what it holds: pinned
/// certificates (exact match), CAs (the certificate chains to one), or both.
/// </summary>
public enum TrustBasis
{
    /// <summary>Only pinned certificates: every renewal needs a trust change on the sender.</summary>
    Pinned,
    /// <summary>Only CAs: a renewed certificate from the same CA is trusted with no change on the sender.</summary>
    Ca,
    /// <summary>Pinned certificates and CAs.</summary>
    Both,
}

public static class TrustBasisText
{
    /// <summary>What the admin API and the CLI print: pinned, ca or both.</summary>
    public static string Name(TrustBasis basis) => basis switch
    {
        TrustBasis.Ca => "ca",
        TrustBasis.Both => "both",
        _ => "pinned",
    };

    /// <summary>Said wherever CA trust is shown: revocation is out of scope.</summary>
    public const string Revocation = "not checked: revocation (CRL, OCSP) is out of scope; remove a compromised CA or certificate from the trust store";
}
