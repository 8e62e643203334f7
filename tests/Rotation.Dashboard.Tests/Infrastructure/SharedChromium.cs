namespace Rotation.Dashboard.Tests.Infrastructure;

/// <summary>One Chromium for the tests of a class (each test gets its own pages), launched when the first test asks for it.</summary>
public sealed class SharedChromium : IAsyncLifetime
{
    private readonly Lazy<Task<HeadlessChromium>> _chromium = new(HeadlessChromium.LaunchAsync);

    internal Task<HeadlessChromium> BrowserAsync() => _chromium.Value;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_chromium.IsValueCreated) await (await _chromium.Value).DisposeAsync();
    }
}
