using Rotation.Hosting.Storage;
using Rotation.Shared.Admin;

namespace Rotation.Hosting.Admin;

/// <summary>
/// The bearer tokens an admin API accepts: the service's own ("admin"; configured, else generated once into an
/// owner-only file) and any named ones, each compared in constant time. The name is who the audit trail records.
/// The environment is each program's command line's business: an in-process host does what its options say.
/// </summary>
public sealed class AdminToken
{
    /// <summary>The service's own token, read by each program's command line (never by an in-process host).</summary>
    public const string EnvironmentVariable = "ROTATION_ADMIN_TOKEN";

    /// <summary>Further tokens by name, "name=token,name=token" (<see cref="NamedAdminTokens.Parse"/>).</summary>
    public const string NamedEnvironmentVariable = "ROTATION_ADMIN_TOKENS";

    private readonly NamedAdminTokens _tokens;

    private AdminToken(string value, string? storedAt, IReadOnlyDictionary<string, string>? named)
    {
        Value = value;
        StoredAt = storedAt;
        _tokens = new NamedAdminTokens(value, named);
    }

    /// <summary>The service's token: <paramref name="configured"/>, else the one in <paramref name="file"/>, else a new one generated there (0600).</summary>
    /// <param name="named">Further tokens by name; none when null.</param>
    public static AdminToken Resolve(string? configured, string file, IReadOnlyDictionary<string, string>? named = null)
    {
        var (value, storedAt) = SecretFile.Resolve(configured, file);
        return new AdminToken(value, storedAt, named);
    }

    public string Value { get; }

    /// <summary>The file the token was read from or generated into; null when it was configured.</summary>
    public string? StoredAt { get; }

    public IReadOnlyList<string> Names => _tokens.Names;

    /// <summary>Who presented this token ("admin" or a named token's name); null when it is none of them.</summary>
    public string? NameOf(string? presented) => _tokens.NameOf(presented);
}
