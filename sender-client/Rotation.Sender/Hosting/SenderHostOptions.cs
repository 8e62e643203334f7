using System.Security.Cryptography.X509Certificates;
using Rotation.Sender.Keys;
using Rotation.Sender.Trust;
using Rotation.Sender.Wcf;
using Rotation.Shared.Certificates;
using Rotation.Shared.Verification;
using Rotation.Shared.WsSecurity;

namespace Rotation.Sender;

/// <summary>Everything the sender needs to run in serve mode; the CLI, the drill and tests fill it in.</summary>
public sealed class SenderHostOptions
{
    /// <summary>Holds trust-store.json, sender-keystore.json, the audit logs and admin-token.</summary>
    public required string DataDir { get; set; }
    /// <summary>Where the admin API listens; port 0 picks a free port (read it from <see cref="SenderHost.Address"/>).</summary>
    public string Urls { get; set; } = "http://127.0.0.1:0";
    /// <summary>Bearer token for the admin API; null: a generated one stored in the data dir. The host reads no environment variable (serve maps ROTATION_ADMIN_TOKEN here).</summary>
    public string? AdminToken { get; set; }
    /// <summary>Further admin tokens by name (name → token); null: none (serve maps ROTATION_ADMIN_TOKENS here). The name is who the trust audit records.</summary>
    public IReadOnlyDictionary<string, string>? AdminTokens { get; set; }
    /// <summary>The tenant's SOAP endpoint (a bare base address gets /cxf/orders appended).</summary>
    public required Uri TenantUrl { get; set; }
    public SoapVersion SoapVersion { get; set; } = SoapVersion.Soap11;
    public double Rate { get; set; } = 10;
    public int Concurrency { get; set; } = 4;
    /// <summary>Mode and certificates seed a new trust store; an existing one in <see cref="DataDir"/> wins.</summary>
    public TrustMode TrustMode { get; set; } = TrustMode.Single;
    public IReadOnlyList<X509Certificate2> InitialCertificates { get; set; } = [];
    /// <summary>CAs a new trust store trusts (docs/DESIGN.md §12); an existing store keeps its own.</summary>
    public IReadOnlyList<X509Certificate2> InitialAuthorities { get; set; } = [];
    /// <summary>Start traffic (until stopped) as soon as the host is up. The CLI's serve does; the default here does not.</summary>
    public bool StartTraffic { get; set; }
    /// <summary>Begin paused: traffic, when started, waits for a resume.</summary>
    public bool StartPaused { get; set; }
    /// <summary>Append every traffic outcome as one JSON line to this file.</summary>
    public string? OutcomeLogPath { get; set; }
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>For an https tenant on a self-signed TLS certificate: accept exactly this one.</summary>
    public X509Certificate2? TenantTlsCertificate { get; set; }
    public long MaxReceivedMessageSize { get; set; } = 16 * 1024 * 1024;
    public VerificationPolicy Policy { get; set; } = VerificationPolicy.Default;
    public TimeProvider Time { get; set; } = TimeProvider.System;
    /// <summary>Request signing (on/off, key reference), applied at start; null keeps what the keystore in <see cref="DataDir"/> holds (a new one: off).</summary>
    public RequestSigningSettings? RequestSigning { get; set; }
    /// <summary>The signing alias and key algorithm of a new keystore; an existing one keeps its own.</summary>
    public string SigningAlias { get; set; } = SenderKeystoreOptions.DefaultSigningAlias;
    public KeyAlgorithm SigningKeyAlgorithm { get; set; } = KeyAlgorithm.Rsa2048;

    public SenderKeystoreOptions KeystoreOptions => new() { SigningAlias = SigningAlias, SeedAlgorithm = SigningKeyAlgorithm, Signing = RequestSigning };
    /// <summary>How the verifier treats the trust store (docs/DESIGN.md §13); the admin API can change it while running.</summary>
    public Profiles.SenderProfile Profile { get; set; } = Profiles.SenderProfile.Strict;

    public IEnumerable<string> Problems()
    {
        if (string.IsNullOrWhiteSpace(DataDir)) yield return "a data directory is required";
        if (TenantUrl is null || !TenantUrl.IsAbsoluteUri || TenantUrl.Scheme is not ("http" or "https")) yield return "the tenant URL must be an absolute http or https URL";
        if (!(Rate > 0)) yield return "rate must be positive";
        if (Concurrency < 1) yield return "concurrency must be at least 1";
        if (TrustMode == TrustMode.Single && InitialCertificates.Count > 1) yield return "single mode trusts exactly one certificate; use overlap mode for several";
        if (string.IsNullOrWhiteSpace(Urls)) yield return "urls are required";
        foreach (var problem in KeystoreOptions.Problems()) yield return problem;
        var named = AdminTokens?.Values.ToList() ?? [];
        if (named.Distinct().Count() < named.Count || (AdminToken is { } primary && named.Contains(primary.Trim())))
            yield return "every admin token must be different: each caller needs its own";
    }
}
