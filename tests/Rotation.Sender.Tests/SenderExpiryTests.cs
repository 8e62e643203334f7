using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Rotation.Sender.Tests.Infrastructure;
using Rotation.Sender.Trust;
using Rotation.Shared.Certificates;
using Rotation.Shared.WsSecurity;
using Rotation.Testing.Keys;
using Rotation.Sender.Contracts;

namespace Rotation.Sender.Tests;

/// <summary>The sender monitors its trusted certificates (docs/DESIGN.md §13): days to expiry in the admin API and in /metrics, on the host's clock.</summary>
[Collection(SenderCollection.Name)]
public sealed class SenderExpiryTests(TestKeys keys) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rotation-expiry-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Days_to_expiry_of_every_trusted_certificate_show_in_the_admin_api_and_the_metrics()
    {
        var now = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        var clock = new FakeTimeProvider(now);
        using var soon = new SigningKey(TestCertificates.SelfSigned(clock, "CN=expires soon,O=Rotation Tests", KeyAlgorithm.EcP256, TimeSpan.FromDays(-30), TimeSpan.FromDays(12.5)));
        await using var tenant = await SigningTenant.StartAsync(keys.Old);
        await using var host = await SenderHost.StartAsync(new SenderHostOptions
        {
            DataDir = _dir,
            TenantUrl = tenant.BaseAddress,
            AdminToken = "expiry-token",
            TrustMode = TrustMode.Overlap,
            InitialCertificates = [TestKeys.Public(keys.Old), TestKeys.Public(soon)],
            Time = clock,
        });
        using var admin = host.CreateAdminClient();
        using var anonymous = new HttpClient { BaseAddress = host.Address };

        var listed = await admin.GetFromJsonAsync<JsonElement>(SenderRoutes.TrustExpiry);
        var first = listed.GetProperty("certificates")[0];
        Assert.Equal(soon.Fingerprint, first.GetProperty("fingerprint").GetString());
        Assert.Equal(12.5, first.GetProperty("daysToExpiry").GetDouble(), 3);
        Assert.False(first.GetProperty("expired").GetBoolean());
        Assert.Equal(2, listed.GetProperty("certificates").GetArrayLength());
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(SenderRoutes.TrustExpiry)).StatusCode);

        Assert.Equal(12.5, Gauge(await anonymous.GetStringAsync("metrics"), soon.Fingerprint), 3);

        clock.Advance(TimeSpan.FromDays(13));
        var later = (await admin.GetFromJsonAsync<JsonElement>(SenderRoutes.TrustExpiry)).GetProperty("certificates")[0];
        Assert.True(later.GetProperty("expired").GetBoolean());
        Assert.Equal(-0.5, later.GetProperty("daysToExpiry").GetDouble(), 3);
        Assert.Equal(-0.5, Gauge(await anonymous.GetStringAsync("metrics"), soon.Fingerprint), 3);

        // A removed certificate leaves the metrics too.
        (await admin.DeleteAsync(SenderRoutes.TrustCertificate(soon.Fingerprint))).EnsureSuccessStatusCode();
        Assert.DoesNotContain(soon.Fingerprint, await anonymous.GetStringAsync("metrics"));
    }

    private static double Gauge(string metrics, string fingerprint)
    {
        var line = metrics.Split('\n').Single(l => l.StartsWith("rotation_sender_trusted_certificate_days_to_expiry{", StringComparison.Ordinal) && l.Contains(fingerprint, StringComparison.Ordinal));
        return double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
    }
}
