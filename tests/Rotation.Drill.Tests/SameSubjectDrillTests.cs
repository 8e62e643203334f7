using Rotation.Drill.Services;
using Rotation.Drill.Procedures;
using Rotation.Shared.WsSecurity;
using Xunit.Abstractions;

namespace Rotation.Drill.Tests;

/// <summary>
/// docs/DESIGN.md §12: by default the renewed certificate keeps the subject; both procedures still tell old and new
/// apart (by fingerprint, and by issuer and serial when only those travel) with both key references.
/// </summary>
public sealed class SameSubjectDrillTests(ITestOutputHelper log)
{
    [Theory]
    [InlineData(ProcedureMode.Overlap, KeyReference.BinarySecurityToken)]
    [InlineData(ProcedureMode.Overlap, KeyReference.IssuerSerial)]
    [InlineData(ProcedureMode.Single, KeyReference.BinarySecurityToken)]
    [InlineData(ProcedureMode.Single, KeyReference.IssuerSerial)]
    public async Task A_same_subject_renewal_passes_with_either_key_reference(ProcedureMode mode, KeyReference reference)
    {
        var settings = DrillRunner.FastSettings with { Phase = TimeSpan.FromSeconds(1) };
        var (report, exitCode, _) = await DrillRunner.RunAsync(log, mode, settings: settings, services: new DrillServiceRequest { SignerKeyReference = reference });
        var p = Assert.Single(report.Procedures);

        Assert.Equal(0, exitCode);
        Assert.True(p.Passed, string.Join("; ", p.Invariants.Where(i => !i.Holds).Select(i => $"{i.Name}: {i.Detail}")));
        Assert.Equal(reference.ToString(), p.Signing.KeyReference);
        var old = Assert.Single(p.Certificates, c => c.Role == "old");
        var renewed = Assert.Single(p.Certificates, c => c.Role == "new");
        // Same subject and issuer: only serial, validity, key (and so fingerprint) differ.
        Assert.Equal(old.Subject, renewed.Subject);
        Assert.Equal(old.Issuer, renewed.Issuer);
        Assert.NotEqual(old.SerialNumber, renewed.SerialNumber);
        Assert.NotEqual(old.Fingerprint, renewed.Fingerprint);
        Assert.True(p.VerifiedOld > 0 && p.VerifiedNew > 0, $"old {p.VerifiedOld}, new {p.VerifiedNew}: the timeline must tell the two apart");
        Assert.Equal(p.Requests, p.VerifiedOld + p.VerifiedNew);
    }

    [Fact]
    public async Task Renewal_ou_keeps_the_old_way_of_telling_them_apart_by_subject()
    {
        var settings = DrillRunner.FastSettings with { Phase = TimeSpan.FromSeconds(1), NewSubject = NewSubject.RenewalOu };
        var (report, exitCode, _) = await DrillRunner.RunAsync(log, ProcedureMode.Overlap, settings: settings);
        var p = Assert.Single(report.Procedures);

        Assert.Equal(0, exitCode);
        Assert.Contains("OU=Renewal ", Assert.Single(p.Certificates, c => c.Role == "new").Subject);
        Assert.DoesNotContain("OU=Renewal ", Assert.Single(p.Certificates, c => c.Role == "old").Subject);
    }
}
