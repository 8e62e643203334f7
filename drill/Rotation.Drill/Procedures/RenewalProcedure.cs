namespace Rotation.Drill.Procedures;

/// <summary>The renewal procedures as ordered lists of steps, and the rehearsed mistakes as reorderings of them.</summary>
public static class RenewalProcedure
{
    /// <summary>The procedure of a renewal case; verify-request has one (no downtime), so <paramref name="mode"/> is the sign-response case's.</summary>
    public static IReadOnlyList<DrillStep> Steps(RenewalCase renewalCase, ProcedureMode mode, Scenario scenario, CertificateIssuer issuer = CertificateIssuer.SelfSigned)
    {
        if (ScenarioNames.CaseOf(scenario) is { } belongs && belongs != renewalCase)
            throw new ArgumentException($"scenario {ScenarioNames.Name(scenario)} belongs to the {RenewalCaseNames.Name(belongs)} case");
        if (renewalCase == RenewalCase.SignResponse) return Steps(mode, scenario, issuer);
        if (issuer == CertificateIssuer.TestCa) throw new ArgumentException("--ca test rehearses the sign-response case");
        return VerifyRequest(scenario);
    }

    public static IReadOnlyList<DrillStep> Steps(ProcedureMode mode, Scenario scenario, CertificateIssuer issuer = CertificateIssuer.SelfSigned)
    {
        if (ScenarioNames.CaseOf(scenario) == RenewalCase.VerifyRequest)
            throw new ArgumentException($"scenario {ScenarioNames.Name(scenario)} belongs to the verify-request case");
        if (ScenarioNames.OnlyFor(scenario) is { } only && only != mode)
            throw new ArgumentException($"scenario {ScenarioNames.Name(scenario)} belongs to the {only.ToString().ToLowerInvariant()} procedure");
        if (issuer == CertificateIssuer.TestCa)
        {
            if (mode != ProcedureMode.Overlap || scenario is not (Scenario.Correct or Scenario.OtherCa))
                throw new ArgumentException("--ca test rehearses the overlap procedure (correct, or the other-ca mistake)");
            return WithCaTrust();
        }
        if (scenario == Scenario.OtherCa) throw new ArgumentException("scenario other-ca needs --ca test");
        return mode == ProcedureMode.Overlap ? Overlap(scenario) : Single(scenario);
    }

    /// <summary>
    /// Overlap with CA trust (docs/DESIGN.md §12): the tenant's steps gain the CA's signature, the sender's become checks.
    /// The other-ca mistake has the same steps: only the CA that signs differs.
    /// </summary>
    private static IReadOnlyList<DrillStep> WithCaTrust() =>
    [
        TenantSteps.CreateKeyPair(), CaSteps.HaveSigned(), TenantSteps.ProvideCertificate(), CaSteps.CheckNewChainsToCa() with { CheckOnly = true },
        SenderSteps.ConfirmBoth(), TenantSteps.ExchangeKeepingAlias(), TenantSteps.Inform(), CaSteps.CheckNothingToRemove() with { CheckOnly = true, Observe = true },
    ];

    private static IReadOnlyList<DrillStep> Overlap(Scenario scenario) => scenario switch
    {
        Scenario.RemoveOldEarly =>
        [
            TenantSteps.CreateKeyPair(), TenantSteps.ProvideCertificate(), SenderSteps.TrustOldAndNew(), SenderSteps.ConfirmBoth(),
            SenderSteps.RemoveOld(), TenantSteps.ExchangeKeepingAlias(), TenantSteps.Inform(),
        ],
        Scenario.Expiry =>
        [
            TenantSteps.ImportShortLivedKeyPair(), TenantSteps.ProvideCertificate(), SenderSteps.TrustOldAndNew(), SenderSteps.ConfirmBoth(),
            TenantSteps.ExchangeKeepingAlias(), TenantSteps.Inform(), SenderSteps.RemoveOld(), TenantSteps.KeepSigningPastExpiry(),
        ],
        Scenario.ExchangeBeforeTrust =>
        [
            TenantSteps.CreateKeyPair(), TenantSteps.ProvideCertificate(), TenantSteps.ExchangeKeepingAlias(),
            SenderSteps.TrustOldAndNew(), SenderSteps.ConfirmBoth(), TenantSteps.Inform(), SenderSteps.RemoveOld(),
        ],
        _ =>
        [
            TenantSteps.CreateKeyPair(), TenantSteps.ProvideCertificate(), SenderSteps.TrustOldAndNew(), SenderSteps.ConfirmBoth(),
            TenantSteps.ExchangeKeepingAlias(), TenantSteps.Inform(), SenderSteps.RemoveOld(),
        ],
    };

    private static IReadOnlyList<DrillStep> Single(Scenario scenario) => scenario switch
    {
        Scenario.InformBeforeDeployed =>
        [
            TenantSteps.CreateKeyPair(), TenantSteps.ProvideCertificate(), TenantSteps.AgreeDowntime(), SenderSteps.StopSending(),
            SenderSteps.ExchangeCertificate(), SenderSteps.ConfirmExchange(), TenantSteps.EnsureNoOldMessages(),
            TenantSteps.ExchangeKeepingAlias(), TenantSteps.InformBeforeDeployed(), SenderSteps.Resume(),
        ],
        Scenario.NoStop =>
        [
            TenantSteps.CreateKeyPair(), TenantSteps.ProvideCertificate(), TenantSteps.AgreeDowntime(),
            SenderSteps.ExchangeCertificate(), SenderSteps.ConfirmExchange(), TenantSteps.EnsureNoOldMessages(),
            TenantSteps.ExchangeKeepingAlias(), TenantSteps.Inform(),
        ],
        _ =>
        [
            TenantSteps.CreateKeyPair(), TenantSteps.ProvideCertificate(), TenantSteps.AgreeDowntime(), SenderSteps.StopSending(),
            SenderSteps.ExchangeCertificate(), SenderSteps.ConfirmExchange(), TenantSteps.EnsureNoOldMessages(),
            TenantSteps.ExchangeKeepingAlias(), TenantSteps.Inform(), SenderSteps.Resume(),
        ],
    };

    /// <summary>
    /// The sender's key renewed (docs/DESIGN.md §10): eight steps, no downtime. The mistakes move one administrator's
    /// change before the other's: the sender switches before the tenant allows the new certificate, or the tenant
    /// removes the old one before the sender switched.
    /// </summary>
    private static IReadOnlyList<DrillStep> VerifyRequest(Scenario scenario) => scenario switch
    {
        Scenario.SwitchBeforeImport =>
        [
            VerifyRequestSteps.CreateKeyPair(), VerifyRequestSteps.ProvideCertificate(), VerifyRequestSteps.ExchangeKeepingAlias(), VerifyRequestSteps.InformTenant(),
            VerifyRequestSteps.ImportAndAllow(), VerifyRequestSteps.InformSender(), VerifyRequestSteps.WaitForOldToDrain(), VerifyRequestSteps.RemoveOld(),
        ],
        Scenario.RemoveBeforeSwitch =>
        [
            VerifyRequestSteps.CreateKeyPair(), VerifyRequestSteps.ProvideCertificate(), VerifyRequestSteps.ImportAndAllow(), VerifyRequestSteps.InformSender(),
            VerifyRequestSteps.RemoveOld(), VerifyRequestSteps.ExchangeKeepingAlias(), VerifyRequestSteps.InformTenant(),
        ],
        _ =>
        [
            VerifyRequestSteps.CreateKeyPair(), VerifyRequestSteps.ProvideCertificate(), VerifyRequestSteps.ImportAndAllow(), VerifyRequestSteps.InformSender(),
            VerifyRequestSteps.ExchangeKeepingAlias(), VerifyRequestSteps.InformTenant(), VerifyRequestSteps.WaitForOldToDrain(), VerifyRequestSteps.RemoveOld(),
        ],
    };
}
