using System.CommandLine;
using System.Text;
using Rotation.Sender.Traffic;
using Rotation.Sender.Trust;
using Rotation.Sender.Wcf;
using Rotation.Shared.WsSecurity;

namespace Rotation.Sender.Cli;

/// <summary>send --url URL --trust CERT …: traffic against a tenant with live progress; exit 0 only when nothing was rejected.</summary>
internal static class SendCommand
{
    public static Command Create(TimeProvider time)
    {
        var url = CommonOptions.Url("URL", "The tenant's SOAP endpoint (a base address gets /cxf/orders).");
        var trust = CommonOptions.Trust(required: true);
        var mode = CommonOptions.Mode("single (exactly one --trust) or overlap (several). Default: single for one certificate, overlap for more.");
        var rate = CommonOptions.Rate(10);
        var concurrency = CommonOptions.Concurrency(4);
        var duration = new Option<TimeSpan?>("--duration")
        {
            Description = "How long to send (30s, 2m, 1h30m). Without --duration and --count: until Ctrl+C.",
            HelpName = "TIME",
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
                if (DurationText.TryParse(text, out var value)) return value;
                result.AddError($"--duration must look like 30s, 500ms, 2m or 1h, not '{text}'");
                return null;
            },
        };
        var count = new Option<long?>("--count") { Description = "How many requests to send.", HelpName = "N" };
        count.Validators.Add(r => { if (r.GetValueOrDefault<long?>() is <= 0) r.AddError("--count must be positive"); });
        // An option validator, not a command validator: System.CommandLine skips option validation once a command
        // validator reports an error, and every problem should be reported at once.
        count.Validators.Add(r => { if (r.GetResult(duration) is not null) r.AddError("use either --duration or --count, not both"); });
        var soap = CommonOptions.Soap();
        var tenantTls = CommonOptions.TenantTls();
        var log = new Option<string?>("--log") { Description = "Append every outcome as a JSON line to this file.", HelpName = "FILE" };
        var timeout = new Option<TimeSpan?>("--timeout")
        {
            Description = "Per-request timeout (default 30s).",
            HelpName = "TIME",
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
                if (DurationText.TryParse(text, out var value)) return value;
                result.AddError($"--timeout must look like 30s or 2m, not '{text}'");
                return null;
            },
        };
        var command = new Command("send", "Send orders to a tenant and verify every signed response.")
        {
            url, trust, mode, rate, concurrency, duration, count, soap, log, timeout, tenantTls,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var (certificates, tlsPin, loadError) = await CertificateFiles.LoadTrustAndPinAsync(parse.GetValue(trust) ?? [], parse.GetValue(tenantTls), cancellationToken);
            if (loadError is not null)
            {
                await error.WriteLineAsync(loadError);
                return ExitCodes.Usage;
            }
            var trustMode = parse.GetValue(mode) ?? (certificates.Count > 1 ? TrustMode.Overlap : TrustMode.Single);
            if (trustMode == TrustMode.Single && certificates.Count > 1)
            {
                await error.WriteLineAsync("single mode trusts exactly one certificate; pass --mode overlap for several");
                return ExitCodes.Usage;
            }
            var endpoint = parse.GetValue(url)!;
            if (!endpoint.IsAbsoluteUri || endpoint.Scheme is not ("http" or "https"))
            {
                await error.WriteLineAsync("--url must be an absolute http or https URL");
                return ExitCodes.Usage;
            }
            var store = TrustStore.InMemory(trustMode, certificates, time);
            await using var client = new OrderClient(new OrderClientOptions
            {
                Endpoint = endpoint,
                SoapVersion = parse.GetValue(soap),
                Timeout = parse.GetValue(timeout) ?? TimeSpan.FromSeconds(30),
                PinnedServerCertificate = tlsPin,
            }, store, time);
            var sender = new OrderSender(client, time);
            var statistics = new TrafficStatistics(time);
            await using var outcomeLog = parse.GetValue(log) is { } logPath ? new OutcomeLog(logPath) : null;
            await using var traffic = new TrafficRunner((sequence, ct) => sender.SendAsync(sequence, ct), statistics, time, outcomeLog);
            var plan = new TrafficPlan
            {
                Rate = parse.GetValue(rate),
                Concurrency = parse.GetValue(concurrency),
                Count = parse.GetValue(count),
                Duration = parse.GetValue(duration),
            };
            await output.WriteLineAsync($"sending to {client.Options.ResolvedEndpoint} (SOAP {client.Options.SoapVersion.Display()}), {plan.Rate}/s, concurrency {plan.Concurrency}, trust {trustMode}:");
            foreach (var certificate in certificates) await output.WriteLineAsync($"  {VerifyCommand.Describe(certificate)}");
            traffic.Start(plan);
            var interactive = !Console.IsErrorRedirected && ReferenceEquals(error, Console.Error);
            using (var ticker = new PeriodicTimer(TimeSpan.FromSeconds(1), time))
            {
                var completion = traffic.Completion;
                var cancelled = Task.Delay(Timeout.Infinite, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
                while (!completion.IsCompleted)
                {
                    var tick = ticker.WaitForNextTickAsync(CancellationToken.None).AsTask();
                    var finished = await Task.WhenAny(completion, tick, cancelled);
                    if (cancellationToken.IsCancellationRequested)
                    {
                        await traffic.StopAsync();
                        break;
                    }
                    if (finished == tick) await WriteProgressAsync(error, statistics.Snapshot(1), traffic.InFlight, interactive);
                }
            }
            await traffic.Completion;
            if (interactive) await error.WriteLineAsync();
            var final = statistics.Snapshot(1);
            await WriteSummaryAsync(output, final, certificates.Select(c => Rotation.Shared.Certificates.CertificateInfo.Fingerprint(c)).ToList());
            // Stricter than "nothing rejected": a run where responses never arrived proves nothing either.
            var t = final.Totals;
            return t.Rejected == 0 && t.TransportErrors == 0 && t.Requests > 0 ? ExitCodes.Success : ExitCodes.Rejected;
        });
        return command;
    }

    private static async Task WriteProgressAsync(TextWriter error, StatisticsSnapshot snapshot, int inFlight, bool interactive)
    {
        var elapsed = snapshot.StartedAt is { } started ? snapshot.At - started : TimeSpan.Zero;
        var line = new StringBuilder($"[{elapsed.TotalSeconds,5:F0}s] requests {snapshot.Totals.Requests} · verified {snapshot.Totals.Verified}");
        if (snapshot.ByFingerprint.Count > 0)
            line.Append(" (").Append(string.Join(", ", snapshot.ByFingerprint.Select(f => $"{VerifyCommand.Short(f.Fingerprint)}…: {f.Verified}"))).Append(')');
        line.Append($" · rejected {snapshot.Totals.Rejected} · faults {snapshot.Totals.SoapFaults} · errors {snapshot.Totals.TransportErrors} · in flight {inFlight}");
        if (interactive) await error.WriteAsync("\r" + line.ToString().PadRight(120));
        else await error.WriteLineAsync(line.ToString());
    }

    private static async Task WriteSummaryAsync(TextWriter output, StatisticsSnapshot snapshot, IReadOnlyList<string> trusted)
    {
        var totals = snapshot.Totals;
        await output.WriteLineAsync($"requests: {totals.Requests}");
        await output.WriteLineAsync($"verified: {totals.Verified}");
        foreach (var fingerprint in trusted)
        {
            var stats = snapshot.ByFingerprint.FirstOrDefault(f => f.Fingerprint == fingerprint);
            await output.WriteLineAsync($"  by {fingerprint}: {stats?.Verified ?? 0}" +
                (stats is null ? "" : $" (first {stats.FirstVerifiedAt:HH:mm:ss.fff}Z, last {stats.LastVerifiedAt:HH:mm:ss.fff}Z)"));
        }
        await output.WriteLineAsync($"rejected: {totals.Rejected}");
        foreach (var (reason, n) in totals.RejectedByReason) await output.WriteLineAsync($"  {reason}: {n}");
        await output.WriteLineAsync($"soap faults: {totals.SoapFaults}");
        await output.WriteLineAsync($"transport errors: {totals.TransportErrors}");
        await output.WriteLineAsync($"latency: avg {totals.AverageLatencyMs:F1} ms, max {totals.MaxLatencyMs:F1} ms");
        await output.WriteLineAsync(
            totals.Rejected > 0 ? "result: FAILED (responses were rejected)"
            : totals.TransportErrors > 0 ? "result: FAILED (transport errors: responses did not arrive)"
            : totals.Requests == 0 ? "result: FAILED (nothing was sent)"
            : "result: OK (every response verified)");
    }
}
