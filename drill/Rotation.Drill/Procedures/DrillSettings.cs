namespace Rotation.Drill.Procedures;

/// <summary>How a drill runs: traffic, pacing, budgets.</summary>
public sealed record DrillSettings
{
    public double Rate { get; init; } = 50;
    public int Concurrency { get; init; } = 8;
    /// <summary>How long traffic runs before the first step, after observed steps and after the last.</summary>
    public TimeSpan Phase { get; init; } = TimeSpan.FromSeconds(3);
    public TimeSpan MaxDowntime { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>How long every tenant node may take to deploy a change before the drill says which ones lag (docs/DESIGN.md §8).</summary>
    public TimeSpan DeployTimeout { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>The request header through which the tenant may be asked to sign with another alias (its dynamic alias).</summary>
    public string AliasHeader { get; init; } = "X-Rotation-Signer-Alias";
    /// <summary>Requests of each probe that confirms a step.</summary>
    public int ProbeCount { get; init; } = 5;
    /// <summary>Key size of the new key pair; null takes the old one's.</summary>
    public int? KeySize { get; init; }
    /// <summary>Through /api/v1: how the new key pair gets under the alias (the admin API always exchanges in one change).</summary>
    public Tenants.ExchangeMethod ExchangeMethod { get; init; } = Tenants.ExchangeMethod.Upload;
    /// <summary>Through /api/v1, which has no in-flight view: how long to wait for messages signed with the old key to be delivered.</summary>
    public TimeSpan DeliveryWindow { get; init; } = TimeSpan.FromSeconds(2);
    /// <summary>The renewed certificate's subject: the old one (default) or the old one with an OU=Renewal.</summary>
    public NewSubject NewSubject { get; init; } = NewSubject.Same;
    /// <summary>Self-signed certificates pinned by the sender, or certificates of a test CA the sender trusts.</summary>
    public CertificateIssuer Ca { get; init; } = CertificateIssuer.SelfSigned;
}
