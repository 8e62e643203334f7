using System.Security.Cryptography.X509Certificates;
using Rotation.Shared.Contract;
using Rotation.Shared.Verification;
using Rotation.Shared.WsSecurity;

namespace Rotation.Sender.Wcf;

/// <summary>Where and how the sender calls the integration flow.</summary>
public sealed record OrderClientOptions
{
    /// <summary>The SOAP endpoint (http or https). A bare base address gets the contract's path (/cxf/orders).</summary>
    public required Uri Endpoint { get; init; }
    public SoapVersion SoapVersion { get; init; } = SoapVersion.Soap11;
    /// <summary>Large enough for 1 MB responses plus their signature header.</summary>
    public long MaxReceivedMessageSize { get; init; } = 16 * 1024 * 1024;
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);
    public VerificationPolicy Policy { get; init; } = VerificationPolicy.Default;
    /// <summary>For https: accept exactly this TLS server certificate instead of the system trust (self-signed tenants).</summary>
    public X509Certificate2? PinnedServerCertificate { get; init; }

    public Uri ResolvedEndpoint =>
        Endpoint.AbsolutePath is "" or "/" ? new Uri(Endpoint, OrderContract.EndpointPath) : Endpoint;
}
