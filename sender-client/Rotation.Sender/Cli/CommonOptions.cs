using System.CommandLine;
using System.CommandLine.Parsing;
using Rotation.Sender.Trust;
using Rotation.Sender.Wcf;
using Rotation.Shared.WsSecurity;

namespace Rotation.Sender.Cli;

/// <summary>Options several commands share, built fresh per command (System.CommandLine symbols have one parent).</summary>
internal static class CommonOptions
{
    /// <summary>--trust-ca: CAs whose certificates are trusted without pinning them (docs/DESIGN.md §12).</summary>
    public static Option<string[]> TrustCa() => new("--trust-ca")
    {
        Description = "A trusted CA certificate (PEM or DER file): responses signed with a certificate that chains to it verify without pinning it. Repeat for several. Revocation is not checked.",
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = false,
        HelpName = "CA_CERT",
    };

    public static Option<string[]> Trust(bool required) => new("--trust")
    {
        Description = "A trusted certificate (PEM or DER file). Repeat for several (overlap mode).",
        Required = required,
        Arity = required ? ArgumentArity.OneOrMore : ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = false,
        HelpName = "CERT",
    };

    public static Option<TrustMode?> Mode(string description) => new("--mode")
    {
        Description = description,
        HelpName = "single|overlap",
        CustomParser = ParseMode,
    };

    public static Option<SoapVersion> Soap() => new("--soap")
    {
        Description = "SOAP version of the requests: 1.1 or 1.2.",
        HelpName = "1.1|1.2",
        DefaultValueFactory = _ => SoapVersion.Soap11,
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (SoapVersions.TryParse(text, out var version)) return version;
            result.AddError($"--soap must be 1.1 or 1.2, not '{text}'");
            return default;
        },
    };

    public static Option<double> Rate(double fallback) => new("--rate")
    {
        Description = "Requests per second.",
        DefaultValueFactory = _ => fallback,
        Validators = { r => { if (r.GetValueOrDefault<double>() is not (> 0 and <= 100_000)) r.AddError("--rate must be between 0 and 100000 (exclusive of 0)"); } },
    };

    public static Option<int> Concurrency(int fallback) => new("--concurrency")
    {
        Description = "At most this many requests in flight.",
        DefaultValueFactory = _ => fallback,
        Validators = { r => { if (r.GetValueOrDefault<int>() is < 1 or > 1024) r.AddError("--concurrency must be between 1 and 1024"); } },
    };

    /// <summary>An absolute http(s) URL (System.CommandLine has no Uri parser of its own).</summary>
    public static Option<Uri> Url(string helpName, string description) => new("--url")
    {
        Description = description,
        Required = true,
        HelpName = helpName,
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https") return uri;
            result.AddError($"--url must be an absolute http or https URL, not '{text}'");
            return null;
        },
    };

    public static Option<string?> TenantTls() => new("--tenant-tls-cert")
    {
        Description = "For an https tenant with a self-signed TLS certificate: accept exactly this certificate (PEM or DER file).",
        HelpName = "CERT",
    };

    public static Option<string> DataDir() => new("--data-dir")
    {
        Description = "Directory of the trust store (trust-store.json) and the admin token.",
        Required = true,
        HelpName = "DIR",
    };

    /// <summary>--sender-profile (docs/DESIGN.md §13): how the verifier treats its trust store.</summary>
    public static Option<Profiles.SenderProfile> Profile() => new("--sender-profile")
    {
        Description = "How the verifier treats the trust store: strict (default; every change applies at once), cached-trust:DURATION (changes apply when the cached copy expires or at restart), first-match (certificates looked up by subject or issuer, only the first match tried). The admin API (PUT /admin/profile) changes it while running.",
        HelpName = "strict|cached-trust:DURATION|first-match",
        DefaultValueFactory = _ => Profiles.SenderProfile.Strict,
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (Profiles.SenderProfile.TryParse(text, out var profile, out var error)) return profile;
            result.AddError($"--sender-profile {error}");
            return Profiles.SenderProfile.Strict;
        },
    };

    private static TrustMode? ParseMode(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (Enum.TryParse<TrustMode>(text, ignoreCase: true, out var mode) && Enum.IsDefined(mode)) return mode;
        result.AddError($"--mode must be single or overlap, not '{text}'");
        return null;
    }
}
