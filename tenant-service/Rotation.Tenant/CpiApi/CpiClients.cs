using System.Security.Cryptography;
using System.Text;

namespace Rotation.Tenant.CpiApi;

/// <summary>
/// The OAuth clients of the platform's API (<c>cpi-clients</c> / ROTATION_CPI_CLIENTS, "id=secret,…"): what a
/// service key's clientid and clientsecret are on the platform. Each presented secret is compared with the client's
/// in constant time; the client id is who the audit trail records.
/// </summary>
public sealed class CpiClients
{
    private readonly Dictionary<string, byte[]> _secrets;

    public CpiClients(IReadOnlyDictionary<string, string> clients)
    {
        // Same rules as named admin tokens (names of a safe alphabet, secrets of at least 16 characters).
        _ = new Rotation.Shared.Admin.NamedAdminTokens(Convert.ToHexString(RandomNumberGenerator.GetBytes(32)), clients);
        _secrets = clients.ToDictionary(c => c.Key, c => Digest(c.Value), StringComparer.Ordinal);
    }

    public bool IsEmpty => _secrets.Count == 0;

    /// <summary>The client id when <paramref name="secret"/> is that client's secret; else null.</summary>
    public string? Authenticate(string? id, string? secret)
    {
        if (id is null || secret is null) return null;
        var presented = Digest(secret);
        // Compare against a digest even for an unknown id, so an unknown id costs what a wrong secret costs.
        var known = _secrets.GetValueOrDefault(id) ?? new byte[presented.Length];
        return CryptographicOperations.FixedTimeEquals(presented, known) && _secrets.ContainsKey(id) ? id : null;
    }

    private static byte[] Digest(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));
}
