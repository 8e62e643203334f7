using System.IdentityModel.Selectors;
using System.IdentityModel.Tokens;
using System.Security.Cryptography.X509Certificates;

namespace Rotation.Sender.Wcf;

/// <summary>
/// Accepts exactly one TLS server certificate (by its DER encoding): for tenants on self-signed TLS
/// certificates, as in the drill and the tests. Without a pin the system's certificate trust applies.
/// </summary>
internal sealed class PinnedCertificateValidator(X509Certificate2 pinned) : X509CertificateValidator
{
    private readonly byte[] _pinned = pinned.RawData;

    public override void Validate(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (!certificate.RawData.AsSpan().SequenceEqual(_pinned))
            throw new SecurityTokenValidationException($"the tenant's TLS certificate {certificate.Subject} is not the pinned one");
    }
}
