namespace Rotation.Drill.Procedures;

/// <summary>The two renewal procedures as ordered lists of steps, and the rehearsed mistakes as reorderings of them.</summary>
public static class RenewalProcedure
{
    public static IReadOnlyList<DrillStep> Steps(ProcedureMode mode, Scenario scenario)
    {
        if (ScenarioNames.OnlyFor(scenario) is { } only && only != mode)
            throw new ArgumentException($"scenario {ScenarioNames.Name(scenario)} belongs to the {only.ToString().ToLowerInvariant()} procedure");
        return mode == ProcedureMode.Overlap ? Overlap(scenario) : Single(scenario);
    }

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
}
