using Microsoft.Playwright;

namespace Rotation.Dashboard.Tests.Infrastructure;

/// <summary>
/// Playwright for .NET driving the system's Chromium: no browser download (none is possible here, and the
/// Debian package is what CI installs). Playwright's own driver ships inside its NuGet package and runs offline.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;

    private HeadlessChromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    public static async Task<HeadlessChromium> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
            throw new InvalidOperationException($"{ExecutablePath} is missing: install Debian's Chromium (apt-get install -y --no-install-recommends chromium), as .ci/run does");
        var playwright = await Playwright.CreateAsync();
        // --no-sandbox: the tests run as root, where Chromium refuses its sandbox.
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ExecutablePath, Headless = true, Args = ["--no-sandbox"] });
        return new HeadlessChromium(playwright, browser);
    }

    /// <summary>A new page whose console errors, uncaught exceptions and failed requests are collected in <paramref name="problems"/>.</summary>
    public async Task<IPage> NewPageAsync(List<string> problems)
    {
        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 800, Height = 900 } });
        page.Console += (_, message) =>
        {
            if (message.Type == "error") lock (problems) problems.Add($"console error: {message.Text}");
        };
        page.PageError += (_, error) => { lock (problems) problems.Add($"page error: {error}"); };
        page.RequestFailed += (_, request) =>
        {
            // A closed EventSource ends its request on purpose; anything else failing is a problem.
            if (!request.Url.EndsWith("/events", StringComparison.Ordinal)) lock (problems) problems.Add($"request failed: {request.Url} {request.Failure}");
        };
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
