using System.Text.Json;
using System.Text.Json.Serialization;
using Rotation.Drill.Procedures;
using Rotation.Drill.Running;

namespace Rotation.Drill.Report;

/// <summary>Versions of the three programs of a run (a remote service's is what it reports, or "remote").</summary>
public sealed record RunVersions(string Drill, string Tenant, string Sender);

/// <summary>
/// The whole drill: every procedure run, with its settings, on one clock whose origin is <see cref="Origin"/>.
/// Written as report.json and report.html, with the certificates and sample responses beside them.
/// </summary>
public sealed record DrillReport(DateTimeOffset Origin, DateTimeOffset GeneratedAt, string Tenant, string Sender, DrillSettings Settings, RunVersions Versions,
    IReadOnlyList<ProcedureReport> Procedures)
{
    /// <summary>Ctrl+C stopped the drill: the report is partial.</summary>
    public bool Interrupted { get; init; }

    /// <summary>What the drill changed back on both services when it ended (docs/DESIGN.md §11).</summary>
    public IReadOnlyList<string> Restored { get; init; } = [];

    /// <summary>The tenant's face the drill drove: "admin" (its own admin API) or "cpi" (the platform's /api/v1).</summary>
    public string TenantApi { get; init; } = "admin";

    /// <summary>Which checks that face allowed, and what replaced the others (docs/DESIGN.md §9).</summary>
    public IReadOnlyList<Tenants.TenantCheck> TenantChecks { get; init; } = [];

    public bool Passed => !Interrupted && Procedures.All(p => p.Passed);

    /// <summary>0 when every procedure passed or demonstrated its mistake; 1 when one did not; 130 when interrupted.</summary>
    public int ExitCode => Interrupted ? ExitCodes.Interrupted
        : Procedures.All(p => ProcedureVerdicts.Succeeded(p.Verdict)) ? ExitCodes.Succeeded : ExitCodes.InvariantBroken;

    public string Title =>
        $"Rotation drill {Origin.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC — {string.Join(", ", Procedures.Select(p => $"{p.Mode} {p.Scenario}: {p.Verdict.ToString().ToLowerInvariant()}"))}" +
        (Interrupted ? " (interrupted)" : "");

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Writes report.json, report.html, each certificate's PEM and each sample response into the directory.</summary>
    public async Task<(string Json, string Html)> WriteAsync(string directory, CancellationToken ct)
    {
        Directory.CreateDirectory(directory);
        var procedures = new List<ProcedureReport>();
        foreach (var p in Procedures)
        {
            var certificates = new List<CertificateView>();
            foreach (var c in p.Certificates)
            {
                var file = $"{p.Mode}-{c.Role}-certificate.pem";
                await File.WriteAllTextAsync(Path.Combine(directory, file), c.Pem, ct);
                certificates.Add(c with { File = file });
            }
            var samples = new List<SampleResponse>();
            foreach (var s in p.Samples)
            {
                var file = $"{p.Mode}-{s.Name}-response.xml";
                await File.WriteAllBytesAsync(Path.Combine(directory, file), s.Xml, ct);
                samples.Add(s with { File = file });
            }
            procedures.Add(p with { Certificates = certificates, Samples = samples });
        }
        var written = this with { Procedures = procedures };
        var json = Path.Combine(directory, "report.json");
        var html = Path.Combine(directory, "report.html");
        await File.WriteAllTextAsync(json, JsonSerializer.Serialize(written, Json), ct);
        await File.WriteAllTextAsync(html, HtmlReport.Render(written), ct);
        return (json, html);
    }
}
