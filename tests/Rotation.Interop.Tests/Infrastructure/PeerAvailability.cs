using System.Diagnostics;

namespace Rotation.Interop.Tests.Infrastructure;

/// <summary>
/// Whether the independent peers are installed. A peer test may skip only when its peer cannot run
/// on this machine; .ci/run installs both, so in CI nothing skips.
/// </summary>
public static class PeerAvailability
{
    public const string XmlSec1Path = "/usr/bin/xmlsec1";
    public const string PythonPath = "/usr/bin/python3";

    private static readonly Lazy<string?> XmlSec1Missing = new(() =>
        File.Exists(XmlSec1Path) && Runs(XmlSec1Path, "--version")
            ? null
            : $"xmlsec1 is not installed at {XmlSec1Path} (Debian package xmlsec1; .ci/run installs it)");

    private static readonly Lazy<string?> ZeepMissing = new(() =>
        File.Exists(PythonPath) && Runs(PythonPath, "-c", "import zeep, xmlsec, lxml")
            ? null
            : $"{PythonPath} cannot import zeep, xmlsec and lxml (Debian packages python3-zeep python3-xmlsec python3-lxml; .ci/run installs them)");

    /// <summary>Null when xmlsec1 runs (or under CI, where it must), else why the test skips.</summary>
    public static string? WhyNoXmlSec1 => InCi ? null : XmlSec1Missing.Value;

    /// <summary>Null when /usr/bin/python3 imports zeep and xmlsec (or under CI, where it must), else why the test skips.</summary>
    public static string? WhyNoZeep => InCi ? null : ZeepMissing.Value;

    /// <summary>Null when every one of the peers can run, else the first reason why not.</summary>
    public static string? WhyMissing(IEnumerable<Peer> peers) =>
        peers.Select(p => p == Peer.XmlSec1 ? WhyNoXmlSec1 : WhyNoZeep).FirstOrDefault(reason => reason is not null);

    // .ci/run installs the peers; there a missing peer must fail the run, not hide behind a skip.
    private static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    private static bool Runs(string fileName, params string[] arguments)
    {
        try
        {
            var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in arguments) start.ArgumentList.Add(a);
            using var process = Process.Start(start)!;
            process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            if (!process.WaitForExit(30_000)) { process.Kill(true); return false; }
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}

/// <summary>An independent WS-Security implementation the interop tests run against.</summary>
public enum Peer { XmlSec1, Zeep }

/// <summary>A fact that needs the given peers; skipped, with the reason, only where one is not installed.</summary>
public sealed class PeerFactAttribute : FactAttribute
{
    public PeerFactAttribute(params Peer[] needs) => Skip = PeerAvailability.WhyMissing(needs);
}

/// <summary>A theory that needs the given peers; skipped, with the reason, only where one is not installed.</summary>
public sealed class PeerTheoryAttribute : TheoryAttribute
{
    public PeerTheoryAttribute(params Peer[] needs) => Skip = PeerAvailability.WhyMissing(needs);
}
