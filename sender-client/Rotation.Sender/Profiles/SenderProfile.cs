using System.Diagnostics.CodeAnalysis;
using Rotation.Sender.Cli;

namespace Rotation.Sender.Profiles;

/// <summary>
/// A behaviour of real senders the rig reproduces (docs/DESIGN.md §13): <c>strict</c>, <c>cached-trust:DURATION</c>
/// or <c>first-match</c>. A value; its text form is what the command line and the admin API take and show.
/// </summary>
public sealed record SenderProfile
{
    private SenderProfile(SenderProfileKind kind, TimeSpan cacheLifetime) => (Kind, CacheLifetime) = (kind, cacheLifetime);

    public static SenderProfile Strict { get; } = new(SenderProfileKind.Strict, TimeSpan.Zero);
    public static SenderProfile FirstMatch { get; } = new(SenderProfileKind.FirstMatch, TimeSpan.Zero);
    public static SenderProfile CachedTrust(TimeSpan lifetime) =>
        lifetime > TimeSpan.Zero ? new(SenderProfileKind.CachedTrust, lifetime) : throw new ArgumentOutOfRangeException(nameof(lifetime), lifetime, "a cache lifetime is positive");

    public SenderProfileKind Kind { get; }
    /// <summary>How long a cached trust store is kept (cached-trust only; zero otherwise).</summary>
    public TimeSpan CacheLifetime { get; }

    /// <summary>What the option takes, in the words of its errors and help.</summary>
    public const string Syntax = "strict | cached-trust:DURATION (e.g. cached-trust:30s, cached-trust:5m) | first-match";

    public static bool TryParse(string? text, [NotNullWhen(true)] out SenderProfile? profile, [NotNullWhen(false)] out string? error)
    {
        profile = null;
        var trimmed = (text ?? "").Trim();
        var lower = trimmed.ToLowerInvariant();
        if (lower == "strict") profile = Strict;
        else if (lower == "first-match") profile = FirstMatch;
        else if (lower.StartsWith("cached-trust", StringComparison.Ordinal))
        {
            var duration = lower.StartsWith("cached-trust:", StringComparison.Ordinal) ? trimmed["cached-trust:".Length..] : "";
            if (DurationText.TryParse(duration, out var lifetime)) profile = CachedTrust(lifetime);
            else
            {
                error = $"'{trimmed}': cached-trust needs the cache lifetime, e.g. cached-trust:30s or cached-trust:5m";
                return false;
            }
        }
        error = profile is null ? $"'{trimmed}' is not a sender profile; give {Syntax}" : null;
        return profile is not null;
    }

    public override string ToString() => Kind switch
    {
        SenderProfileKind.CachedTrust => $"cached-trust:{Seconds(CacheLifetime)}s",
        SenderProfileKind.FirstMatch => "first-match",
        _ => "strict",
    };

    /// <summary>What the profile does to a renewal, for the admin API, the console and the report.</summary>
    public string Behaviour => Kind switch
    {
        SenderProfileKind.CachedTrust => $"trust-store changes take effect only after the cached copy expires ({Seconds(CacheLifetime)} s after it was loaded) or the sender restarts",
        SenderProfileKind.FirstMatch => "the verifier looks the certificate up by subject (BinarySecurityToken) or issuer (IssuerSerial) and tries only the first trusted match",
        _ => "every trust change applies to the next response; the certificate is found by its exact encoding",
    };

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
}
