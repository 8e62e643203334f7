using Rotation.Testing.Processes;

namespace Rotation.Interop.Tests.Infrastructure;

/// <summary>
/// Whether the independent peers are installed. A peer test may skip only when its peer cannot run
/// on this machine; .ci/run installs all three, so in CI nothing skips.
/// </summary>
public static class PeerAvailability
{
    public const string XmlSec1Path = "/usr/bin/xmlsec1";
    public const string PythonPath = "/usr/bin/python3";
    public const string JavaPath = "/usr/bin/java";
    public const string JavacPath = "/usr/bin/javac";

    /// <summary>
    /// The jars the WSS4J peer compiles and runs against, from Debian's libwss4j-java and what it pulls
    /// in (libxml-security-java = Apache Santuario, libcommons-logging-java, libslf4j-java).
    /// slf4j-nop only silences Santuario's "no SLF4J binding" notice; it is optional.
    /// </summary>
    public static readonly IReadOnlyList<string> Wss4jJars =
    [
        "/usr/share/java/wss4j.jar",
        "/usr/share/java/xmlsec.jar",
        "/usr/share/java/commons-logging.jar",
        "/usr/share/java/commons-codec.jar",
        "/usr/share/java/slf4j-api.jar",
    ];

    public const string Slf4jNopJar = "/usr/share/java/slf4j-nop.jar";

    private static readonly Lazy<string?> XmlSec1Missing = new(() =>
        File.Exists(XmlSec1Path) && Runs(XmlSec1Path, "--version")
            ? null
            : $"xmlsec1 is not installed at {XmlSec1Path} (Debian package xmlsec1; .ci/run installs it)");

    private static readonly Lazy<string?> ZeepMissing = new(() =>
        File.Exists(PythonPath) && Runs(PythonPath, "-c", "import zeep, xmlsec, lxml")
            ? null
            : $"{PythonPath} cannot import zeep, xmlsec and lxml (Debian packages python3-zeep python3-xmlsec python3-lxml; .ci/run installs them)");

    private static readonly Lazy<string?> Wss4jMissing = new(() =>
        !(File.Exists(JavaPath) && Runs(JavaPath, "-version")) ? $"no Java runtime at {JavaPath} (Debian package default-jdk-headless; .ci/run installs it)"
        : !(File.Exists(JavacPath) && Runs(JavacPath, "-version")) ? $"no Java compiler at {JavacPath} to build the WSS4J peer (Debian package default-jdk-headless; .ci/run installs it)"
        : Wss4jJars.FirstOrDefault(jar => !File.Exists(jar)) is { } jar ? $"{jar} is missing (Debian package libwss4j-java and its dependencies; .ci/run installs them)"
        : null);

    /// <summary>Null when xmlsec1 runs (or under CI, where it must), else why the test skips.</summary>
    public static string? WhyNoXmlSec1 => InCi ? null : XmlSec1Missing.Value;

    /// <summary>Null when /usr/bin/python3 imports zeep and xmlsec (or under CI, where it must), else why the test skips.</summary>
    public static string? WhyNoZeep => InCi ? null : ZeepMissing.Value;

    /// <summary>Null when java, javac and the WSS4J jars are there (or under CI, where they must be), else why the test skips.</summary>
    public static string? WhyNoWss4j => InCi ? null : Wss4jMissing.Value;

    /// <summary>Null when every one of the peers can run, else the first reason why not.</summary>
    public static string? WhyMissing(IEnumerable<Peer> peers) =>
        peers.Select(p => p switch
        {
            Peer.XmlSec1 => WhyNoXmlSec1,
            Peer.Zeep => WhyNoZeep,
            Peer.Wss4j => WhyNoWss4j,
            _ => throw new ArgumentOutOfRangeException(nameof(peers), p, "unknown peer"),
        }).FirstOrDefault(reason => reason is not null);

    // .ci/run installs the peers; there a missing peer must fail the run, not hide behind a skip.
    private static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    // Synchronously: the skip reason is read in a test attribute's constructor, which cannot await. On the thread
    // pool, so that no synchronization context of the test runner is waited on while it is blocked.
    private static bool Runs(string fileName, params string[] arguments)
    {
        try
        {
            return Task.Run(() => ChildProcess.RunAsync(new ProcessCommand(fileName, arguments) { Timeout = TimeSpan.FromSeconds(30) })).GetAwaiter().GetResult().Succeeded;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}

/// <summary>An independent WS-Security implementation the interop tests run against.</summary>
public enum Peer { XmlSec1, Zeep, Wss4j }

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
