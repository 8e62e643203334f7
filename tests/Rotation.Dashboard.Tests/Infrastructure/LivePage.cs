using System.Text.Json;
using Microsoft.Playwright;

namespace Rotation.Dashboard.Tests.Infrastructure;

public sealed record PageStep(int Number, string Role, string Sentence, string State);

public sealed record PageInvariant(string Name, bool Holds);

public sealed record PageChart(int Intervals, int OldPoints, double VerifiedOld, double VerifiedNew, double Failed, int Downtimes, bool? Passed);

/// <summary>
/// One thing the page showed, in the order it showed it: a step's state change (Number, state), the "current step"
/// line (Text), or the chart's count of seconds (Number; Text "live" before the procedure's end, "final" after).
/// </summary>
public sealed record Seen(string Kind, string Procedure, int Number, string Text);

/// <summary>Reads what the dashboard page shows, through its DOM as a user would see it.</summary>
internal sealed class LivePage(IPage page)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Installed before the page's own script: records every step state the page sets, every text of the
    /// "current step" line and every redraw of a chart, so the test can tell the order things appeared in, not
    /// only how they ended.
    /// </summary>
    public const string Recorder = """
        window.__seen = [];
        new MutationObserver(records => {
          for (const r of records) {
            if (r.type === 'attributes' && r.target.matches && r.target.matches('ol.steps li'))
              window.__seen.push({ kind: 'step', procedure: r.target.closest('section').id, number: +r.target.dataset.number, text: r.target.dataset.state });
            if (r.type === 'attributes' && r.attributeName === 'data-intervals') {
              const section = r.target.closest('section');
              window.__seen.push({ kind: 'chart', procedure: section.id, number: +r.target.dataset.intervals, text: section.dataset.passed === undefined ? 'live' : 'final' });
            }
          }
          const current = document.getElementById('current');
          if (current && current.textContent !== window.__lastCurrent) {
            window.__lastCurrent = current.textContent;
            window.__seen.push({ kind: 'current', procedure: '', number: 0, text: current.textContent });
          }
        }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['data-state', 'data-intervals'] });
        """;

    public IPage Page => page;

    public Task<string> StatusAsync() => page.EvaluateAsync<string>("document.getElementById('status').dataset.state");

    public Task<IReadOnlyList<PageStep>> StepsAsync(int procedure) => ReadAsync<PageStep>($$"""
        [...document.querySelectorAll('#procedure-{{procedure}} ol.steps li')].map(li => ({
          number: +li.dataset.number, role: li.querySelector('.role').textContent,
          sentence: li.querySelector('.sentence').textContent, state: li.dataset.state }))
        """);

    public Task<IReadOnlyList<PageInvariant>> InvariantsAsync(int procedure) => ReadAsync<PageInvariant>($$"""
        [...document.querySelectorAll('#procedure-{{procedure}} ul.invariants li')].map(li => ({
          name: li.querySelector('.name').textContent, holds: li.dataset.holds === 'true' }))
        """);

    public async Task<PageChart> ChartAsync(int procedure) => (await ReadAsync<PageChart>($$"""
        [(() => {
          const section = document.getElementById('procedure-{{procedure}}');
          const total = key => +section.querySelector(`[data-total="${key}"]`).textContent;
          const old = section.querySelector('polyline[data-series="verifiedOld"]').getAttribute('points').trim();
          return { intervals: +section.querySelector('svg.chart').dataset.intervals, oldPoints: old ? old.split(/\s+/).length : 0,
            verifiedOld: total('verifiedOld'), verifiedNew: total('verifiedNew'), failed: total('failed'),
            downtimes: section.querySelectorAll('svg.chart rect.paused').length,
            passed: section.dataset.passed === undefined ? null : section.dataset.passed === 'true' };
        })()]
        """))[0];

    public Task<IReadOnlyList<Seen>> SeenAsync() => ReadAsync<Seen>("window.__seen");

    public Task WaitForStatusAsync(params string[] states) =>
        page.WaitForFunctionAsync("states => states.includes(document.getElementById('status').dataset.state)", states, new PageWaitForFunctionOptions { Timeout = 60_000 });

    private async Task<IReadOnlyList<T>> ReadAsync<T>(string expression) =>
        JsonSerializer.Deserialize<List<T>>(await page.EvaluateAsync<string>($"JSON.stringify({expression})"), Json)!;
}
