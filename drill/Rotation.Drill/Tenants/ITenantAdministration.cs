using Rotation.Drill.Admin;
using Rotation.Tenant.Contracts;

namespace Rotation.Drill.Tenants;

/// <summary>
/// What the tenant administrator does in a renewal, whichever face of the tenant the drill drives: the tenant's own
/// admin API (<see cref="AdminApiTenant"/>) or the platform's <c>/api/v1</c> (<see cref="CpiApiTenant"/>, which a real
/// SAP Cloud Integration tenant also speaks). The steps call this and never ask which it is; what a face cannot do
/// is said in <see cref="Checks"/> and replaced by what it can (docs/DESIGN.md §9).
/// </summary>
public interface ITenantAdministration : IDisposable
{
    /// <summary>"admin" or "cpi", as --tenant-api spells it.</summary>
    string Api { get; }

    /// <summary>Where and how the drill reaches the tenant, for the console and the report (no secret).</summary>
    string Description { get; }

    /// <summary>Which of the drill's checks this face allows, and what replaces those it does not.</summary>
    IReadOnlyList<TenantCheck> Checks { get; }

    /// <summary>Whether a response signed with a key pair other than the flow's can be asked for (the dynamic alias header).</summary>
    bool CanSignWithOtherAlias { get; }

    /// <summary>The key pair the flow signs with now, with its certificate.</summary>
    Task<SigningKey> SigningKeyAsync(CancellationToken ct);

    /// <summary>Before a procedure: whatever the face needs so the steps' checks can be made (the admin API switches the alias header on).</summary>
    Task PrepareAsync(SigningKey current, CancellationToken ct);

    /// <summary>Makes the new key pair under <paramref name="newAlias"/>: on the tenant, or (upload) outside it, in memory.</summary>
    Task<RenewalKey> CreateRenewalKeyAsync(SigningKey current, string newAlias, RenewalSubject subject, int keySize, CancellationToken ct);

    /// <summary>The new key pair's certificate, PEM, without private key: what is handed to the sender.</summary>
    Task<string> RenewalCertificatePemAsync(RenewalKey renewal, CancellationToken ct);

    /// <summary>One call of the flow; <paramref name="signWith"/> another alias only when <see cref="CanSignWithOtherAlias"/>.</summary>
    Task<byte[]> CallFlowAsync(string? signWith, CancellationToken ct);

    /// <summary>"Ensure no message signed with the old key is still in the system"; a failed check throws a StepCheckFailed.</summary>
    Task<string> EnsureNoOldMessagesAsync(string oldFingerprint, CancellationToken ct);

    /// <summary>Puts the new key pair under the flow's alias.</summary>
    Task<KeyExchange> ExchangeAsync(SigningKey current, RenewalKey renewal, CancellationToken ct);

    /// <summary>Where the old key pair went after the exchange, if the tenant kept it.</summary>
    Task<HistoryInfo?> RetiredKeyAsync(string alias, string oldFingerprint, CancellationToken ct);

    /// <summary>Messages the tenant logged as signed with a key after a moment; null when the face has no message log.</summary>
    Task<long?> SignedWithAfterAsync(string fingerprint, DateTimeOffset from, CancellationToken ct);

    /// <summary>The nodes and the generation each serves (GET /admin/cluster, docs/DESIGN.md §8); null when the face has no cluster view or the tenant is one node.</summary>
    Task<ClusterView?> ClusterAsync(CancellationToken ct);

    /// <summary>The tenant's settings the drill may change, as found.</summary>
    Task<TenantAsFound> CaptureAsync(CancellationToken ct);

    /// <summary>Changes back what the drill changed (settings, renewal key pairs never exchanged); what it did, in words.</summary>
    Task<IReadOnlyList<string>> RestoreAsync(TenantAsFound asFound, IReadOnlyCollection<string> createdAliases, CancellationToken ct);
}

/// <summary>The key pair under the flow's alias.</summary>
public sealed record SigningKey(string Alias, string Fingerprint, string Subject, string KeyAlgorithm, int KeySize, string CertificatePem, SignerStepInfo Signer);

/// <summary>A new key pair made for the renewal, and where it lives until the exchange.</summary>
public sealed record RenewalKey(string Alias, string Fingerprint, string Subject, string KeyAlgorithm, int KeySize, string Where);

/// <summary>The subject of a new key pair; the platform's KeyPairGenerationRequest asks for its parts one by one.</summary>
public sealed record RenewalSubject(string DistinguishedName)
{
    /// <summary>The value of one attribute (CN, O, OU, C), the last one when it repeats; null when absent.</summary>
    public string? Part(string attribute) =>
        DistinguishedName.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .LastOrDefault(p => p.Length == 2 && p[0].Trim().Equals(attribute, StringComparison.OrdinalIgnoreCase)) is { } found ? found[1].Trim() : null;
}

/// <summary>What the exchange did: the old key pair's new place, and the rename window when there was one.</summary>
public sealed record KeyExchange(HistoryInfo? Retired, RenameWindow? Window, string How);

/// <summary>One of the drill's checks, whether this face of the tenant allows it, and how it is made (or what replaces it).</summary>
public sealed record TenantCheck(string Check, bool Possible, string How);

/// <summary>The tenant's settings as found: the signer step where the face shows it (the admin API), else only the key.</summary>
public sealed record TenantAsFound(string Alias, string? Fingerprint, SignerStepInfo? Signer);
