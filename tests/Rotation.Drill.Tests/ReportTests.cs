using System.Text.Json;
using System.Xml;
using Rotation.Drill.Procedures;
using Xunit.Abstractions;

namespace Rotation.Drill.Tests;

public sealed class ReportTests(ITestOutputHelper log)
{
    [Fact]
    public async Task The_report_is_written_as_json_and_as_a_well_formed_html_page_with_the_timeline_chart()
    {
        var directory = Directory.CreateTempSubdirectory("drill-report-").FullName;
        try
        {
            var (report, _, console) = await DrillRunner.RunAsync(log, ProcedureMode.Overlap, Scenario.RemoveOldEarly, directory);
            Assert.Contains(Path.Combine(directory, "report.html"), console);

            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(directory, "report.json")));
            var procedure = json.RootElement.GetProperty("procedures")[0];
            Assert.Equal("overlap", procedure.GetProperty("mode").GetString());
            Assert.Equal(report.Procedures[0].Requests, procedure.GetProperty("requests").GetInt64());
            Assert.Equal(7, procedure.GetProperty("steps").GetArrayLength());
            Assert.True(procedure.GetProperty("timeline").GetArrayLength() > 5);
            Assert.False(json.RootElement.GetProperty("passed").GetBoolean());

            // Parsed as XML: a page any browser renders and any tool can read.
            var html = new XmlDocument();
            using (var reader = XmlReader.Create(Path.Combine(directory, "report.html"), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore }))
                html.Load(reader);
            var ns = new XmlNamespaceManager(html.NameTable);
            ns.AddNamespace("svg", "http://www.w3.org/2000/svg");
            var svg = html.SelectSingleNode("//svg:svg", ns);
            Assert.NotNull(svg);
            Assert.NotEmpty(html.SelectNodes("//svg:rect[@class='old']", ns)!.Cast<XmlNode>());
            Assert.NotEmpty(html.SelectNodes("//svg:rect[@class='new']", ns)!.Cast<XmlNode>());
            Assert.NotEmpty(html.SelectNodes("//svg:rect[@class='failed']", ns)!.Cast<XmlNode>());
            Assert.Equal(7, html.SelectNodes("//svg:line[@class='step']", ns)!.Count);
            Assert.Contains("Remove the old certificate.", html.InnerText);
            Assert.Contains("invariant broken", html.InnerText);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
