using System.CommandLine;
using Rotation.Drill.Admin;
using Rotation.Drill.Plan;
using Rotation.Drill.Running;

namespace Rotation.Drill.Cli;

/// <summary>
/// drill plan --tenant URL [--sender URL] --lead-time DAYS --out DIR (docs/DESIGN.md §13): the renewal plan as plan.md and
/// plan.html, and an exit code a scheduled job can act on (<see cref="ExitCodes.RenewalDue"/> when a renewal is due).
/// It needs a running tenant: an in-process one would be a fresh keystore with nothing to plan.
/// </summary>
internal static class PlanCommand
{
    public static Command Create(TextWriter output, TimeProvider time)
    {
        var tenant = DrillCli.UrlOption("--tenant", "The running tenant-service to plan for (base URL of its admin API). Required: an in-process tenant has nothing to plan.");
        var tenantToken = new Option<string?>("--tenant-token") { Description = "Admin token of --tenant. [env: ROTATION_TENANT_TOKEN]" };
        var sender = DrillCli.UrlOption("--sender", "The running sender-client whose trust store decides the procedure (overlap if it can trust several certificates or a CA, single otherwise). Default: not read, single proposed.");
        var senderToken = new Option<string?>("--sender-token") { Description = "Admin token of --sender. [env: ROTATION_SENDER_TOKEN]" };
        var leadTime = new Option<int>("--lead-time") { Description = "Days a renewal needs before the certificate expires (partner coordination included): the latest safe start is the expiry minus this.", DefaultValueFactory = _ => 30, HelpName = "DAYS" };
        var outDirectory = new Option<string>("--out") { Description = "Write plan.md and plan.html into this directory.", DefaultValueFactory = _ => ".", HelpName = "DIR" };
        var command = new Command("plan", $"List the tenant's signing certificates with their days to expiry, propose each renewal's procedure and latest safe start, and write the runbooks (plan.md, plan.html). Exit {ExitCodes.RenewalDue} when a certificate expires within the lead time.")
        {
            tenant, tenantToken, sender, senderToken, leadTime, outDirectory,
        };
        command.SetAction(async (parse, ct) =>
        {
            var tenantUrl = parse.GetValue(tenant);
            var senderUrl = parse.GetValue(sender);
            var tenantSecret = parse.GetValue(tenantToken) ?? Environment.GetEnvironmentVariable("ROTATION_TENANT_TOKEN");
            var senderSecret = parse.GetValue(senderToken) ?? Environment.GetEnvironmentVariable("ROTATION_SENDER_TOKEN");
            var days = parse.GetValue(leadTime);
            var directory = parse.GetValue(outDirectory)!;
            var problems = new[]
            {
                tenantUrl is null ? "--tenant is required: plan reads a running tenant's keystore (an in-process tenant would be a fresh one with nothing to plan)" : null,
                DrillOptionChecks.BaseUrlProblem("--tenant", tenantUrl),
                DrillOptionChecks.BaseUrlProblem("--sender", senderUrl),
                DrillOptionChecks.TokenProblem("--tenant", tenantUrl, tenantSecret, "--tenant-token", "ROTATION_TENANT_TOKEN"),
                DrillOptionChecks.TokenProblem("--sender", senderUrl, senderSecret, "--sender-token", "ROTATION_SENDER_TOKEN"),
                days is < 0 or > 3650 ? $"--lead-time {days}: give the days a renewal needs, from 0 to 3650" : null,
                string.IsNullOrWhiteSpace(directory) || File.Exists(directory) ? $"--out {directory}: give a directory for plan.md and plan.html" : null,
            }.OfType<string>().ToList();
            if (problems.Count > 0)
            {
                foreach (var problem in problems) await output.WriteLineAsync(problem);
                await output.WriteLineAsync("See drill plan --help.");
                return ExitCodes.Usage;
            }
            try
            {
                using var tenantAdmin = new TenantAdmin(tenantUrl!, tenantSecret!);
                using var senderAdmin = senderUrl is null ? null : new SenderAdmin(senderUrl, senderSecret!);
                var plan = await RenewalPlan.BuildAsync(tenantAdmin, senderAdmin, days, time, ct);
                Directory.CreateDirectory(directory);
                var markdown = Path.Combine(directory, "plan.md");
                var html = Path.Combine(directory, "plan.html");
                await File.WriteAllTextAsync(markdown, PlanMarkdown.Render(plan), ct);
                await File.WriteAllTextAsync(html, PlanHtml.Render(plan), ct);
                foreach (var r in plan.Renewals)
                    await output.WriteLineAsync($"{(r.Due ? "DUE " : "ok  ")} '{r.Alias}' expires {r.NotAfter.UtcDateTime:yyyy-MM-dd} ({r.DaysToExpiry:0.#} days): {r.Procedure.ToString().ToLowerInvariant()} procedure, start by {r.LatestSafeStart.UtcDateTime:yyyy-MM-dd}");
                await output.WriteLineAsync($"plan: {Path.GetFullPath(markdown)}");
                await output.WriteLineAsync($"      {Path.GetFullPath(html)}");
                await output.WriteLineAsync(plan.AnyDue ? $"a renewal is due (a certificate expires within {days} days): exit {ExitCodes.RenewalDue}" : $"no certificate expires within {days} days: exit 0");
                return plan.ExitCode;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await output.WriteLineAsync($"could not write the plan into {directory}: {e.Message} — give --out a directory you can write to");
                return ExitCodes.Usage;
            }
            catch (AdminCallFailed e)
            {
                await output.WriteLineAsync($"The plan could not be made: {e.Message}");
                return ExitCodes.ServiceUnavailable;
            }
            catch (HttpRequestException e)
            {
                await output.WriteLineAsync($"The plan could not reach a service: {e.Message}");
                return ExitCodes.ServiceUnavailable;
            }
        });
        return command;
    }
}
