using System.Security.Cryptography;
using System.Text;

namespace Rotation.Sender.Admin;

/// <summary>
/// The admin API's bearer token: given explicitly, else ROTATION_ADMIN_TOKEN, else a random one kept in
/// the data directory (mode 0600) so it survives restarts and only the owner can read it.
/// </summary>
public sealed class AdminToken
{
    public const string EnvironmentVariable = "ROTATION_ADMIN_TOKEN";
    public const string FileName = "admin-token";

    private readonly byte[] _hash;

    private AdminToken(string value, string source, string? filePath)
    {
        Value = value;
        Source = source;
        FilePath = filePath;
        _hash = SHA256.HashData(Encoding.UTF8.GetBytes(value));
    }

    public string Value { get; }
    /// <summary>Where the token came from: "options", "environment" or "file".</summary>
    public string Source { get; }
    public string? FilePath { get; }

    /// <param name="environment">Reads an environment variable; the process environment when null.</param>
    public static AdminToken Resolve(string? explicitToken, string dataDir, Func<string, string?>? environment = null)
    {
        if (!string.IsNullOrWhiteSpace(explicitToken)) return new AdminToken(explicitToken.Trim(), "options", null);
        var fromEnvironment = (environment ?? Environment.GetEnvironmentVariable)(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment)) return new AdminToken(fromEnvironment.Trim(), "environment", null);
        var path = Path.Combine(dataDir, FileName);
        if (File.Exists(path))
        {
            var stored = File.ReadAllText(path).Trim();
            if (stored.Length > 0) return new AdminToken(stored, "file", path);
        }
        var generated = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        Directory.CreateDirectory(dataDir);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var writer = new StreamWriter(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), options)) writer.Write(generated);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return new AdminToken(generated, "file", path);
    }

    /// <summary>Constant-time: hashing first gives both sides the same length, so timing reveals nothing about the token.</summary>
    public bool Matches(string? presented)
    {
        if (presented is null) return false;
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        return CryptographicOperations.FixedTimeEquals(hash, _hash);
    }
}
