namespace Rotation.Drill.Procedures;

/// <summary>Who issues the tenant's certificates in a drill (--ca).</summary>
public enum CertificateIssuer
{
    /// <summary>The tenant's own self-signed certificates, pinned by the sender (the default).</summary>
    SelfSigned,
    /// <summary>
    /// A test CA the drill creates (docs/DESIGN.md §12): every key pair's CSR is signed by it and the chain imported on
    /// the tenant, and the sender trusts the CA instead of pinning certificates.
    /// </summary>
    TestCa,
}

/// <summary>The subject of the renewed certificate (--new-subject).</summary>
public enum NewSubject
{
    /// <summary>The old certificate's subject: old and new differ only in serial, validity and key, as real renewals do.</summary>
    Same,
    /// <summary>The old subject with an OU=Renewal &lt;time&gt; that tells the two apart at a glance.</summary>
    RenewalOu,
}
