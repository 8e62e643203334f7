using System.Text.Json;
using System.Text.Json.Serialization;
using Rotation.Drill.Procedures;

namespace Rotation.Drill.Report;

/// <summary>The whole drill: every procedure run, with its settings. Written as report.json and report.html.</summary>
public sealed record DrillReport(DateTimeOffset GeneratedAt, string Tenant, string Sender, DrillSettings Settings, IReadOnlyList<ProcedureReport> Procedures)
{
    public bool Passed => Procedures.All(p => p.Passed);

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public async Task<(string Json, string Html)> WriteAsync(string directory, CancellationToken ct)
    {
        Directory.CreateDirectory(directory);
        var json = Path.Combine(directory, "report.json");
        var html = Path.Combine(directory, "report.html");
        await File.WriteAllTextAsync(json, JsonSerializer.Serialize(this, Json), ct);
        await File.WriteAllTextAsync(html, HtmlReport.Render(this), ct);
        return (json, html);
    }
}
