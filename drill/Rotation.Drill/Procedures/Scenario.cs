using Rotation.Drill.Report;

namespace Rotation.Drill.Procedures;

/// <summary>The procedure as written, or a rehearsed mistake that shows why its order matters.</summary>
public enum Scenario
{
    /// <summary>Every step in the order the procedure gives.</summary>
    Correct,
    /// <summary>Overlap: the sender removes the old certificate before the tenant exchanges the key pair.</summary>
    RemoveOldEarly,
    /// <summary>Overlap: the tenant exchanges the key pair before the sender trusts the new certificate.</summary>
    ExchangeBeforeTrust,
    /// <summary>Single: the sender keeps sending while both sides exchange.</summary>
    NoStop,
    /// <summary>Single, on several tenant nodes: the tenant informs the sender as soon as the exchange is stored, before every node has deployed it.</summary>
    InformBeforeDeployed,
    /// <summary>Overlap with CA trust: the new certificate comes from another CA than the one the sender trusts.</summary>
    OtherCa,
    /// <summary>
    /// Overlap: the renewal certificate is short-lived and expires during the run; the platform keeps signing with it
    /// and the sender rejects every response from then on (docs/DESIGN.md §13). Runs against an in-process tenant only.
    /// </summary>
    Expiry,
    /// <summary>Verify-request: the sender signs with its new key before the tenant has added the new certificate.</summary>
    SwitchBeforeImport,
    /// <summary>Verify-request: the tenant removes the old certificate before the sender has switched to its new key.</summary>
    RemoveBeforeSwitch,
}

public static class ScenarioNames
{
    public static string Name(Scenario scenario) => scenario switch
    {
        Scenario.Correct => "correct",
        Scenario.RemoveOldEarly => "remove-old-early",
        Scenario.ExchangeBeforeTrust => "exchange-before-trust",
        Scenario.NoStop => "no-stop",
        Scenario.InformBeforeDeployed => "inform-before-deployed",
        Scenario.OtherCa => "other-ca",
        Scenario.Expiry => "expiry",
        Scenario.SwitchBeforeImport => "switch-before-import",
        Scenario.RemoveBeforeSwitch => "remove-before-switch",
        _ => scenario.ToString(),
    };

    public static Scenario? Parse(string text) =>
        Enum.GetValues<Scenario>().Cast<Scenario?>().FirstOrDefault(s => Name(s!.Value) == text.Trim().ToLowerInvariant());

    /// <summary>The renewal case a rehearsed mistake belongs to; null for the procedure as written, which every case has.</summary>
    public static RenewalCase? CaseOf(Scenario scenario) => scenario switch
    {
        Scenario.Correct => null,
        Scenario.SwitchBeforeImport or Scenario.RemoveBeforeSwitch => RenewalCase.VerifyRequest,
        _ => RenewalCase.SignResponse,
    };

    public static ProcedureMode? OnlyFor(Scenario scenario) => scenario switch
    {
        Scenario.RemoveOldEarly or Scenario.ExchangeBeforeTrust or Scenario.OtherCa or Scenario.Expiry => ProcedureMode.Overlap,
        Scenario.NoStop or Scenario.InformBeforeDeployed => ProcedureMode.Single,
        _ => null,
    };

    /// <summary>
    /// The invariants a rehearsed mistake breaks when it goes exactly as its lesson says (always with responses the
    /// sender rejects as CertificateUntrusted, and nothing else failing): the drill calls that "demonstrated" and exits 0.
    /// </summary>
    public static IReadOnlySet<InvariantKind> PredictedBreaks(Scenario scenario) => scenario switch
    {
        // The sender's own check after removing the old certificate fails: its probe is rejected too.
        Scenario.RemoveOldEarly => new HashSet<InvariantKind> { InvariantKind.EveryStepHeld, InvariantKind.NothingRejected },
        Scenario.ExchangeBeforeTrust => new HashSet<InvariantKind> { InvariantKind.NothingRejected },
        // The sender's checks before the exchange fail (the new certificate chains to no trusted CA), and after it every
        // response is rejected: not one verifies with the new key.
        Scenario.OtherCa => new HashSet<InvariantKind> { InvariantKind.EveryStepHeld, InvariantKind.NothingRejected, InvariantKind.NewKeySigns },
        Scenario.Expiry => new HashSet<InvariantKind> { InvariantKind.NothingRejected },
        // Never stopping is the mistake: no downtime, so its two invariants break with the rejections.
        Scenario.NoStop => new HashSet<InvariantKind> { InvariantKind.NothingRejected, InvariantKind.NothingSentDuringDowntime, InvariantKind.DowntimeWithinBudget },
        // The lagging node's responses are rejected, the sender's probe after resuming among them, and that node
        // signs with the old key after the exchange.
        Scenario.InformBeforeDeployed => new HashSet<InvariantKind> { InvariantKind.NothingRejected, InvariantKind.EveryStepHeld, InvariantKind.NoOldKeyAfterExchange },
        // The tenant refuses the sender's requests until the mistake is undone, the sender's own check among them.
        Scenario.SwitchBeforeImport or Scenario.RemoveBeforeSwitch => new HashSet<InvariantKind> { InvariantKind.EveryStepHeld, InvariantKind.NothingRejected },
        _ => new HashSet<InvariantKind>(),
    };

    /// <summary>The one rejection reason every rehearsed mistake produces: the sender does not trust the key that signed.</summary>
    public const string PredictedReason = "CertificateUntrusted";

    /// <summary>The rejection reason a scenario predicts: an expired certificate is rejected as such, every other mistake as untrusted.</summary>
    public static string PredictedReasonOf(Scenario scenario) => scenario == Scenario.Expiry ? "CertificateExpired" : PredictedReason;

    /// <summary>
    /// The tenant's reason codes a verify-request mistake predicts (docs/DESIGN.md §10): the request's certificate is under no
    /// listed alias — untrusted when it travels in a BinarySecurityToken, not found when the request names it by issuer and serial.
    /// </summary>
    public static readonly IReadOnlySet<string> PredictedInboundReasons = new HashSet<string> { "CertificateUntrusted", "KeyNotFound" };

    public static string Lesson(Scenario scenario, RenewalCase renewalCase = RenewalCase.SignResponse) => scenario switch
    {
        Scenario.Correct when renewalCase == RenewalCase.VerifyRequest => "The procedure in its own order: the tenant refuses no request.",
        Scenario.RemoveOldEarly => "Removing the old certificate before the tenant exchanges leaves the sender trusting a key nobody signs with yet: every response is rejected until the exchange.",
        Scenario.ExchangeBeforeTrust => "Exchanging before the sender trusts the new certificate makes every response carry a signature the sender cannot verify, until it adds the certificate.",
        Scenario.OtherCa => "A certificate from another CA than the one the sender trusts is rejected like an unknown one: the sender's check before the exchange says so, and after the exchange every response fails until the sender trusts that CA too.",
        Scenario.Expiry => "A certificate that expires does not stop the platform: it keeps signing with the expired key, and the sender rejects every response from the moment of expiry until the next renewal. Renew before the expiry (drill plan says by when).",
        Scenario.NoStop => "In single mode the sender trusts one certificate: if it keeps sending between its exchange and the tenant's, every response in that window is rejected.",
        Scenario.InformBeforeDeployed => "A stored exchange is not yet a deployed one: a worker node still signs with the old key for a while, and a sender that trusts only the new certificate rejects its responses until every node has deployed the exchange.",
        Scenario.SwitchBeforeImport => "A sender that signs with its new key before the tenant has added the new certificate sends requests the tenant refuses (wsse:SecurityTokenUnavailable) until the certificate is imported and listed.",
        Scenario.RemoveBeforeSwitch => "A tenant that removes the old certificate before the sender has switched refuses every request still signed with the old key, until the sender exchanges its key pair.",
        _ => "The procedure in its own order: no response is rejected.",
    };
}
