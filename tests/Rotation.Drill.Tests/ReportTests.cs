using System.Globalization;
using System.Text.Json;
using System.Xml.Linq;
using Rotation.Drill.Procedures;
using Rotation.Drill.Running;
using Rotation.Sender.Cli;
using Xunit.Abstractions;

namespace Rotation.Drill.Tests;

/// <summary>A real drill's report: JSON and a well-formed HTML page, its chart checked structurally, its certificates and sample responses beside it.</summary>
public sealed class ReportTests(ITestOutputHelper log)
{
    [Fact]
    public async Task The_report_says_everything_about_the_run_and_its_chart_puts_every_step_at_its_time()
    {
        var directory = Directory.CreateTempSubdirectory("drill-report-").FullName;
        try
        {
            var (report, _, console) = await DrillRunner.RunAsync(log, ProcedureMode.Overlap, Scenario.RemoveOldEarly, directory);
            Assert.Contains(Path.Combine(directory, "report.html"), console);
            var p = report.Procedures[0];

            using var json = JsonDocument.Parse(await System.IO.File.ReadAllTextAsync(Path.Combine(directory, "report.json")));
            var origin = json.RootElement.GetProperty("origin").GetDateTimeOffset();
            var procedure = json.RootElement.GetProperty("procedures")[0];
            Assert.Equal("overlap", procedure.GetProperty("mode").GetString());
            Assert.Equal(p.Requests, procedure.GetProperty("requests").GetInt64());
            Assert.Equal(7, procedure.GetProperty("steps").GetArrayLength());
            // One clock: every step's offset is its UTC time minus the drill's origin.
            // The offset is kept to the millisecond: compare within that, not by rounding both sides (5.2545 and 5.255 round apart).
            foreach (var step in procedure.GetProperty("steps").EnumerateArray())
                Assert.InRange(step.GetProperty("startedOffset").GetDouble() - (step.GetProperty("startedAt").GetDateTimeOffset() - origin).TotalSeconds, -0.001, 0.001);
            Assert.Equal("Demonstrated", procedure.GetProperty("verdict").GetString());
            Assert.Contains("is not in the trust set", procedure.GetProperty("errors")[0].GetProperty("message").GetString());

            // Certificates and sample responses beside the report, re-checkable with `sender verify`.
            string Beside(string name) => Path.Combine(directory, name);
            Assert.All(new[] { "overlap-old-certificate.pem", "overlap-new-certificate.pem", "overlap-old-key-response.xml", "overlap-new-key-response.xml", "overlap-rejected-response.xml" },
                name => Assert.True(System.IO.File.Exists(Beside(name)), $"{name} is missing"));
            Assert.Equal(0, await SenderCli.RunAsync(["verify", Beside("overlap-old-key-response.xml"), "--trust", Beside("overlap-old-certificate.pem")], new StringWriter(), new StringWriter()));
            Assert.Equal(0, await SenderCli.RunAsync(["verify", Beside("overlap-new-key-response.xml"), "--trust", Beside("overlap-new-certificate.pem")], new StringWriter(), new StringWriter()));
            // The rejected one was signed with the old key while the sender trusted only the new certificate.
            Assert.Equal(1, await SenderCli.RunAsync(["verify", Beside("overlap-rejected-response.xml"), "--trust", Beside("overlap-new-certificate.pem")], new StringWriter(), new StringWriter()));

            // Parsed as XML: a page any browser renders and any tool can read.
            var html = XDocument.Parse((await System.IO.File.ReadAllTextAsync(Beside("report.html"))).Replace("<!DOCTYPE html>", ""));
            var title = html.Descendants("title").First().Value;
            Assert.Contains("overlap remove-old-early: demonstrated", title);
            Assert.Contains(origin.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), title);
            var text = html.Root!.Value;
            foreach (var certificate in p.Certificates) Assert.Contains(certificate.Fingerprint, text);
            Assert.Contains("-----BEGIN CERTIFICATE-----", text);
            Assert.Contains("timestamp lifetime 300 s", text);
            Assert.Contains("http://www.w3.org/2001/04/xmlenc#sha256", text);
            Assert.Contains("Remove the old certificate.", text);
            var errors = html.Descendants("table").Single(t => (string?)t.Attribute("class") == "errors");
            Assert.Contains("CertificateUntrusted", errors.Value);
            Assert.Contains("is not in the trust set", errors.Value);

            var chart = new SvgChart(html.Descendants(SvgChart.Svg + "svg").First(s => (string?)s.Attribute("class") == "timeline"));
            Assert.NotEmpty(chart.Elements("rect", "old"));
            Assert.NotEmpty(chart.Elements("rect", "new"));
            Assert.NotEmpty(chart.Elements("rect", "failed"));
            Assert.Equal(7, chart.Elements("line", "step").Count());
            foreach (var step in p.Steps)
            {
                var line = chart.Elements("line", "step").Single(l => (string?)l.Attribute("data-step") == step.Number.ToString(CultureInfo.InvariantCulture));
                Assert.Equal(chart.X(step.StartedOffset), SvgChart.D(line, "x1"), 0.02);
            }
            // The rejections begin with step 5 (the old certificate removed), never before it (2 ms: the offsets are
            // printed to the millisecond).
            var removed = p.Steps.Single(s => s.Sentence == "Remove the old certificate.").StartedOffset;
            Assert.All(chart.Elements("rect", "failed"), r => Assert.True(SvgChart.D(r, "data-from") >= removed - 0.002, $"a rejection drawn from {r.Attribute("data-from")} s, before step 5 at {removed} s"));
            Assert.NotNull(html.Descendants(SvgChart.Svg + "svg").SingleOrDefault(s => (string?)s.Attribute("class") == "latency"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
