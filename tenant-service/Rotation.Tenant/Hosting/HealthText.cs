using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Rotation.Tenant.Hosting;

/// <summary>
/// /health/ready as text: the status alone when healthy (as before), and one line per check that is not, saying why
/// (a load balancer reads the status code; an administrator reads the reason).
/// </summary>
internal static class HealthText
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var text = new StringBuilder(report.Status.ToString());
        foreach (var (name, entry) in report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy))
            text.Append('\n').Append(name).Append(": ").Append(entry.Status).Append(": ").Append(entry.Description);
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text.ToString());
    }
}
