using System.Text.Json;
using Rotation.Container.Tests.Infrastructure;

namespace Rotation.Container.Tests;

[Collection(ContainerCollection.Name)]
public sealed class DrillContainerTests(RotationImages images) : IDisposable
{
    private readonly DirectoryInfo _reports = Directory.CreateTempSubdirectory("rotation-drill-report-");

    [DockerFact]
    public async Task Drill_container_rehearses_both_procedures_against_tenant_and_sender_containers()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var ct = timeout.Token;
        // The drill runs as the image's non-root user; the report folder is the test's own.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(_reports.FullName, (UnixFileMode)0b111_111_111);
        await using var rig = await ContainerRig.CreateAsync(images, ct);
        using var tenant = await rig.StartTenantAsync(await rig.VolumeAsync("tenant", ct), ct);
        using var sender = await rig.StartSenderAsync(await rig.VolumeAsync("sender", ct), ct);

        var run = await rig.RunDrillAsync(_reports.FullName, ["--mode", "both", "--rate", "50", "--phase", "2"], ct);

        Assert.True(run.ExitCode == 0, run.ToString());
        var reportFile = Path.Combine(_reports.FullName, "report.json");
        Assert.True(File.Exists(reportFile), $"no report.json; {run}");
        var report = JsonDocument.Parse(await File.ReadAllBytesAsync(reportFile, ct)).RootElement;
        Assert.True(report.GetProperty("passed").GetBoolean(), run.ToString());
        var procedures = report.GetProperty("procedures").EnumerateArray().ToDictionary(p => p.GetProperty("mode").GetString()!);
        Assert.Equal(["overlap", "single"], procedures.Keys.Order());
        foreach (var (mode, procedure) in procedures)
        {
            Assert.True(procedure.GetProperty("failed").GetInt64() == 0, $"{mode}: {procedure}");
            Assert.True(procedure.GetProperty("verifiedOld").GetInt64() > 0, $"{mode}: traffic before the exchange");
            Assert.True(procedure.GetProperty("verifiedNew").GetInt64() > 0, $"{mode}: traffic after the exchange");
            Assert.NotEqual(procedure.GetProperty("oldFingerprint").GetString(), procedure.GetProperty("newFingerprint").GetString());
            Assert.Equal(procedure.GetProperty("oldFingerprint").GetString(), procedure.GetProperty("retiredKey").GetProperty("fingerprint").GetString());
            Assert.All(procedure.GetProperty("invariants").EnumerateArray(), i => Assert.True(i.GetProperty("holds").GetBoolean(), $"{mode}: {i}"));
        }
        var single = procedures["single"];
        Assert.Equal(0, single.GetProperty("requestsDuringDowntime").GetInt64());
        Assert.Equal(0, single.GetProperty("signedWithOldAfterExchange").GetInt64());
        Assert.True(single.GetProperty("downtimeSeconds").GetDouble() <= single.GetProperty("maxDowntimeSeconds").GetDouble());

        var html = await File.ReadAllTextAsync(Path.Combine(_reports.FullName, "report.html"), ct);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
    }

    public void Dispose() => _reports.Delete(recursive: true);
}
