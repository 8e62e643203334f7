namespace Rotation.Drill.Dashboard;

/// <summary>The live page: one self-contained HTML file (inline style and script, no CDN), embedded in the drill.</summary>
public static class DashboardPage
{
    public static string Html { get; } = Load();

    private static string Load()
    {
        using var stream = typeof(DashboardPage).Assembly.GetManifestResourceStream("Rotation.Drill.Dashboard.dashboard.html")
            ?? throw new InvalidOperationException("the dashboard page is not embedded in the drill's assembly");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
