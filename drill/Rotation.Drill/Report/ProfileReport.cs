using Rotation.Drill.Procedures;
using Rotation.Drill.Running;
using Rotation.Sender.Contracts;

namespace Rotation.Drill.Report;

/// <summary>
/// What the sender profile did to one procedure (docs/DESIGN.md §13): the profile and its behaviour, the waits it added
/// (steps and seconds), what it changed, and — when the procedure did not hold under a profile other than strict — the
/// finding, in the verifier's or the check's own words.
/// </summary>
public sealed record ProfileReport(string Profile, string Behaviour, IReadOnlyList<string> Waits, double WaitedSeconds, string Effect, string? Finding)
{
    public static ProfileReport Of(ProfileView? profile, ProcedureReport procedure)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        if (profile is null) return new("strict", "the sender reports no profile: every trust change applies at once", [], 0, "none", null);
        var waits = procedure.Steps.Where(s => s.Sentence == ProfileSteps.WaitSentence).ToList();
        var waited = Math.Round(waits.Sum(w => w.Seconds), 3);
        var firstMatchRejections = procedure.Errors.Where(e => e.Message.Contains("first-match", StringComparison.Ordinal)).Sum(e => e.Count);
        var firstMatchChecks = procedure.Steps.Count(s => s.Outcome != StepOutcome.Done && s.Detail.Contains("first-match", StringComparison.Ordinal));
        var effect = profile switch
        {
            { Kind: SenderProfileKind.CachedTrust } => $"trust changes applied only once the sender reloaded its cached trust store: the drill waited {waits.Count}× (after {string.Join(", ", waits.Select(w => $"step {w.Number - 1}"))}), {waited:0.###} s in all" +
                (procedure.PausedAt is not null ? $"; the waits fell inside the downtime ({procedure.DowntimeSeconds:0.##} s of a {procedure.MaxDowntimeSeconds:0.##} s budget)" : ""),
            { Kind: SenderProfileKind.FirstMatch } when firstMatchRejections + firstMatchChecks > 0 =>
                $"the verifier tried only the first trusted certificate of the subject (or issuer): {firstMatchRejections} responses and {firstMatchChecks} step checks rejected for it",
            { Kind: SenderProfileKind.FirstMatch } => "none seen: no two trusted certificates shared the subject (or issuer) the signatures named while both were trusted",
            _ => "none: every trust change applied to the next response",
        };
        string? finding = null;
        if (profile.Kind != SenderProfileKind.Strict && !ProcedureVerdicts.Succeeded(procedure.Verdict))
        {
            var failed = procedure.Steps.FirstOrDefault(s => s.Outcome is StepOutcome.CheckFailed or StepOutcome.Error);
            var why = failed is not null ? $"step {failed.Number} \"{failed.Sentence}\" failed: {failed.Detail}"
                : procedure.Errors.FirstOrDefault() is { } error ? $"{error.Count}× {error.Code}: {error.Message}"
                : procedure.VerdictDetail;
            finding = $"The {procedure.Mode} procedure does not survive the sender profile {profile.Profile}: {why}";
        }
        return new(profile.Profile, profile.Behaviour, waits.Select(w => $"step {w.Number}: {w.Detail}").ToList(), waited, effect, finding);
    }
}
