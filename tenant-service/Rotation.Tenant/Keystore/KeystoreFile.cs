using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Rotation.Shared.Certificates;
using Rotation.Tenant.Persistence;

namespace Rotation.Tenant.Keystore;

/// <summary>
/// Persists keystore snapshots as a password-protected PKCS#12 (PBES2, AES-256-CBC, PBKDF2-SHA256) plus JSON metadata.
/// Crash safety: each generation gets its own PKCS#12 file; the metadata file, replaced atomically, names the
/// committed generation and is the single commit point. Older generations are deleted only after the commit.
/// </summary>
internal sealed class KeystoreFile(DataDirectory directory, string password)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>
    /// The loader's defaults guard against hostile uploads (at most 200 certificates and keys, 1,000,000 KDF
    /// iterations in all); this file is our own, and the key history keeps every retired key pair for at least
    /// 90 days, so it legitimately outgrows them. Per-bag iteration and MAC limits stay as they are.
    /// </summary>
    private static readonly Pkcs12LoaderLimits OwnFileLimits = new(Pkcs12LoaderLimits.Defaults)
    {
        MaxCertificates = null,
        MaxKeys = null,
        TotalKdfIterationLimit = null,
    };

    public KeystoreSnapshot Load()
    {
        if (!File.Exists(directory.KeystoreMetadata))
        {
            DeleteGenerationsExcept(null);
            return KeystoreSnapshot.Empty;
        }
        var metadata = JsonSerializer.Deserialize<KeystoreMetadata>(File.ReadAllBytes(directory.KeystoreMetadata), Json)
            ?? throw new InvalidDataException($"{directory.KeystoreMetadata} is empty");
        var p12Path = directory.KeystoreGeneration(metadata.Generation);
        X509Certificate2Collection certificates;
        try
        {
            certificates = X509CertificateLoader.LoadPkcs12Collection(
                File.ReadAllBytes(p12Path), password, X509KeyStorageFlags.Exportable, OwnFileLimits);
        }
        catch (Pkcs12LoadLimitExceededException e)
        {
            throw new InvalidDataException($"the keystore {p12Path} exceeds a PKCS#12 loading limit: {e.Message}", e);
        }
        catch (CryptographicException e)
        {
            throw new InvalidOperationException(
                $"cannot open the keystore {p12Path}: the keystore password (ROTATION_KEYSTORE_PASSWORD or {directory.KeystorePassword}) does not match", e);
        }
        var byFingerprint = new Dictionary<string, X509Certificate2>(StringComparer.Ordinal);
        foreach (var certificate in certificates)
        {
            var fingerprint = CertificateInfo.Fingerprint(certificate);
            if (!byFingerprint.TryGetValue(fingerprint, out var known) || (!known.HasPrivateKey && certificate.HasPrivateKey))
                byFingerprint[fingerprint] = certificate;
        }
        X509Certificate2 Certificate(string fingerprint) => byFingerprint.TryGetValue(fingerprint, out var c)
            ? c
            : throw new InvalidDataException($"{p12Path} lacks the certificate {fingerprint} named in the metadata");

        var entries = ImmutableDictionary.CreateBuilder<string, KeystoreEntry>(KeystoreSnapshot.AliasComparer);
        foreach (var e in metadata.Entries)
        {
            var certificate = Certificate(e.Fingerprint);
            entries.Add(e.Alias, e.Kind == EntryKind.KeyPair
                ? KeystoreEntry.ForKeyPair(e.Alias, RequireKey(certificate, p12Path), e.CreatedAt, e.UpdatedAt)
                : KeystoreEntry.ForCertificate(e.Alias, certificate, e.CreatedAt, e.UpdatedAt));
        }
        var history = metadata.History
            .Select(h => new KeyHistoryEntry(h.Id, h.Alias, RequireKey(Certificate(h.Fingerprint), p12Path), h.CreatedAt, h.RetiredAt))
            .ToImmutableList();
        DeleteGenerationsExcept(metadata.Generation);
        return new KeystoreSnapshot(metadata.Generation, entries.ToImmutable(), history);
    }

    public async Task SaveAsync(KeystoreSnapshot snapshot, CancellationToken cancellationToken = default)
    {
        var distinct = new Dictionary<string, X509Certificate2>(StringComparer.Ordinal);
        void Add(string fingerprint, X509Certificate2 certificate)
        {
            if (!distinct.TryGetValue(fingerprint, out var known) || (!known.HasPrivateKey && certificate.HasPrivateKey))
                distinct[fingerprint] = certificate;
        }
        foreach (var entry in snapshot.Entries.Values) Add(entry.Fingerprint, entry.Certificate);
        foreach (var retired in snapshot.History) Add(retired.Fingerprint, retired.Certificate);

        var pkcs12 = new X509Certificate2Collection(distinct.Values.ToArray())
            .ExportPkcs12(Pkcs12ExportPbeParameters.Pbes2Aes256Sha256, password);
        await AtomicFile.WriteAsync(directory.KeystoreGeneration(snapshot.Generation), pkcs12, ownerOnly: true, cancellationToken);

        var metadata = new KeystoreMetadata
        {
            Generation = snapshot.Generation,
            Entries = snapshot.Entries.Values.OrderBy(e => e.Alias, StringComparer.Ordinal)
                .Select(e => new EntryMetadata(e.Alias, e.Kind, e.Fingerprint, e.CreatedAt, e.UpdatedAt)).ToList(),
            History = snapshot.History.Select(h => new HistoryMetadata(h.Id, h.Alias, h.Fingerprint, h.CreatedAt, h.RetiredAt)).ToList(),
        };
        await AtomicFile.WriteAsync(directory.KeystoreMetadata, JsonSerializer.SerializeToUtf8Bytes(metadata, Json), ownerOnly: true, cancellationToken);
        DeleteGenerationsExcept(snapshot.Generation);
    }

    private static X509Certificate2 RequireKey(X509Certificate2 certificate, string p12Path) => certificate.HasPrivateKey
        ? certificate
        : throw new InvalidDataException($"{p12Path} holds no private key for {certificate.Subject}");

    private void DeleteGenerationsExcept(long? keep)
    {
        var keepName = keep is { } g ? Path.GetFileName(directory.KeystoreGeneration(g)) : null;
        foreach (var file in Directory.EnumerateFiles(directory.Root, "keystore.*.p12"))
        {
            if (Path.GetFileName(file) == keepName) continue;
            try { File.Delete(file); } catch (IOException) { }
        }
    }

    private sealed class KeystoreMetadata
    {
        public int Version { get; init; } = 1;
        public long Generation { get; init; }
        public List<EntryMetadata> Entries { get; init; } = [];
        public List<HistoryMetadata> History { get; init; } = [];
    }

    private sealed record EntryMetadata(string Alias, EntryKind Kind, string Fingerprint, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

    private sealed record HistoryMetadata(string Id, string Alias, string Fingerprint, DateTimeOffset CreatedAt, DateTimeOffset RetiredAt);
}
