using System.Security.Cryptography;
using System.Text;
using Rotation.Shared.Admin;

namespace Rotation.Sender.Admin;

/// <summary>
/// The admin API's bearer token: given explicitly, else a random one kept in the data directory (mode 0600) so it
/// survives restarts and only the owner can read it. The environment is the command line's business (serve maps
/// ROTATION_ADMIN_TOKEN and ROTATION_ADMIN_TOKENS onto the options): a host in a test or in the drill does exactly
/// what its options say, whatever the surrounding process has set.
/// </summary>
public sealed class AdminToken
{
    public const string EnvironmentVariable = "ROTATION_ADMIN_TOKEN";
    /// <summary>Further tokens by name, "name=token,name=token": each caller's name is who the trust audit records.</summary>
    public const string NamedEnvironmentVariable = "ROTATION_ADMIN_TOKENS";
    public const string FileName = "admin-token";

    private readonly NamedAdminTokens _tokens;

    private AdminToken(string value, string source, string? filePath, IReadOnlyDictionary<string, string> named)
    {
        Value = value;
        Source = source;
        FilePath = filePath;
        _tokens = new NamedAdminTokens(value, named);
    }

    public string Value { get; }
    /// <summary>Where the token came from: "options" or "file".</summary>
    public string Source { get; }
    public string? FilePath { get; }

    /// <param name="named">Further tokens by name; none when null.</param>
    public static AdminToken Resolve(string? explicitToken, string dataDir, IReadOnlyDictionary<string, string>? named = null)
    {
        named ??= new Dictionary<string, string>();
        if (!string.IsNullOrWhiteSpace(explicitToken)) return new AdminToken(explicitToken.Trim(), "options", null, named);
        var path = Path.Combine(dataDir, FileName);
        if (File.Exists(path))
        {
            var stored = File.ReadAllText(path).Trim();
            if (stored.Length > 0) return new AdminToken(stored, "file", path, named);
        }
        var generated = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        Directory.CreateDirectory(dataDir);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var writer = new StreamWriter(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), options)) writer.Write(generated);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return new AdminToken(generated, "file", path, named);
    }

    public IReadOnlyList<string> Names => _tokens.Names;

    /// <summary>Who presented this token ("admin" or a named token's name), compared in constant time; null when it is none of them.</summary>
    public string? NameOf(string? presented) => _tokens.NameOf(presented);

    public bool Matches(string? presented) => NameOf(presented) is not null;
}
