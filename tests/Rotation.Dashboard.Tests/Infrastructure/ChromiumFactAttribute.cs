using System.Runtime.InteropServices;

namespace Rotation.Dashboard.Tests.Infrastructure;

/// <summary>
/// A test in Debian's Chromium. It is skipped only where /usr/bin/chromium cannot exist (not Linux); on Linux a
/// missing browser fails the test with the command that installs it (.ci/run installs it).
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
            Skip = $"needs Debian's Chromium at {HeadlessChromium.ExecutablePath}, which only a Linux machine has (this is {RuntimeInformation.OSDescription})";
    }
}
