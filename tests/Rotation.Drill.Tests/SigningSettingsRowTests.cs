using System.Xml.Linq;
using Rotation.Drill.Report;
using static Rotation.Drill.Tests.SyntheticReports;

namespace Rotation.Drill.Tests;

/// <summary>
/// The report's "signing" row says what the tenant's face did not tell (docs/DESIGN.md §9: /api/v1 shows no signer step)
/// instead of an empty algorithm and key reference and a timestamp lifetime of 0 s.
/// </summary>
public sealed class SigningSettingsRowTests
{
    private static string SigningRow(DrillReport report, string row = "single: signing")
    {
        var html = XDocument.Parse(HtmlReport.Render(report).Replace("<!DOCTYPE html>", "", StringComparison.Ordinal));
        return html.Descendants("tr").Single(r => r.Element("th")?.Value == row).Element("td")!.Value;
    }

    [Fact]
    public void Through_api_v1_the_settings_it_does_not_show_are_said_to_be_not_shown()
    {
        var p = Procedure(0, 3, [new(0, 1, 100, 0, 0, 0, false, null)], [Step(1, 1)]) with
        {
            Signing = new SigningSettings("alias", null, null, null, null, null, "RSA", 2048, 2048),
        };

        var row = SigningRow(DrillOf(p) with { TenantApi = "cpi" });

        Assert.Equal("alias 'alias', RSA 2048 → new RSA 2048, signature not shown by /api/v1, key reference not shown by /api/v1, timestamp lifetime not shown by /api/v1", row);
    }

    [Fact]
    public void Through_the_admin_API_the_signer_steps_settings_are_shown()
    {
        var row = SigningRow(DrillOf(Procedure(0, 3, [new(0, 1, 100, 0, 0, 0, false, null)], [Step(1, 1)])));

        Assert.Equal("alias 'alias', RSA 2048 → new RSA 2048, signature RsaSha256, key reference BinarySecurityToken, timestamp lifetime 300 s", row);
    }

    [Fact]
    public void In_the_senders_renewal_the_tenants_key_is_kept_and_no_wire_sample_is_claimed()
    {
        var p = Procedure(0, 3, [new(0, 1, 100, 0, 0, 0, false, null)], [Step(1, 1)]) with
        {
            Mode = "verify-request",
            Signing = new SigningSettings("alias", "RsaSha256", null, null, "BinarySecurityToken", 300, "RSA", 2048, 2048),
            Inbound = new InboundReport("sender", "sender-old", "sender-new", new Tenants.CertificateUse("aa", 10, null, null), null, null, null, 2, []),
        };

        var report = DrillOf(p);

        Assert.Equal("alias 'alias', RSA 2048 (kept), signature RsaSha256, key reference BinarySecurityToken, timestamp lifetime 300 s", SigningRow(report, "verify-request: signing"));
        Assert.Equal("SignatureMethod not captured (no sample response in this procedure); DigestMethod not captured (no sample response in this procedure)",
            SigningRow(report, "verify-request: on the wire"));
    }
}
