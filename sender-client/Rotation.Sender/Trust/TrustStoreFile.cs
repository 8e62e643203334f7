using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using Rotation.Hosting.Storage;

namespace Rotation.Sender.Trust;

/// <summary>
/// The trust store on disk: one JSON document with the certificates as PEM. Written atomically (<see cref="AtomicFile"/>)
/// so a crash leaves either the old or the new state, never a torn file.
/// </summary>
public sealed class TrustStoreFile(string path)
{
    public const string FileName = "trust-store.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public string Path { get; } = path;

    public static TrustStoreFile InDirectory(string dataDir) => new(System.IO.Path.Combine(dataDir, FileName));

    public bool Exists => File.Exists(Path);

    public async Task<StoredTrust?> LoadAsync(CancellationToken cancellationToken = default)
    {
        if (!File.Exists(Path)) return null;
        await using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true);
        var document = await JsonSerializer.DeserializeAsync<Document>(stream, Json, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException($"{Path} is empty");
        if (document.FormatVersion != 1) throw new InvalidDataException($"{Path}: unknown format version {document.FormatVersion}");
        TrustEntry Entry(StoredCertificate c)
        {
            var entry = new TrustEntry(CertificateText.ParsePem(c.Pem), c.AddedAt);
            if (!string.Equals(entry.Fingerprint, c.Fingerprint, StringComparison.OrdinalIgnoreCase))
                throw new InvalidDataException($"{Path}: certificate listed as {c.Fingerprint} has fingerprint {entry.Fingerprint}");
            return entry;
        }
        var entries = document.Certificates.Select(Entry).ToImmutableArray();
        // A file written before CA trust existed has no authorities: it trusts pinned certificates only.
        var authorities = (document.Authorities ?? []).Select(Entry).ToImmutableArray();
        return new StoredTrust(new TrustSnapshot(document.Mode, document.Revision, entries, document.ChangedAt, authorities), document.VerifiedCounts ?? new());
    }

    public async Task SaveAsync(TrustSnapshot snapshot, IReadOnlyDictionary<string, long> verifiedCounts, CancellationToken cancellationToken = default)
    {
        var document = new Document
        {
            FormatVersion = 1,
            Mode = snapshot.Mode,
            Revision = snapshot.Revision,
            ChangedAt = snapshot.ChangedAt,
            Certificates = snapshot.Entries.Select(Stored).ToList(),
            Authorities = snapshot.Authorities.Select(Stored).ToList(),
            VerifiedCounts = verifiedCounts.ToDictionary(kv => kv.Key, kv => kv.Value),
        };
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!);
        await AtomicFile.WriteAsync(Path, JsonSerializer.SerializeToUtf8Bytes(document, Json), ownerOnly: false, cancellationToken).ConfigureAwait(false);
    }

    private static StoredCertificate Stored(TrustEntry e) => new()
    {
        Fingerprint = e.Fingerprint,
        Subject = e.Subject,
        AddedAt = e.AddedAt,
        Pem = e.Pem,
    };

    private sealed class Document
    {
        public int FormatVersion { get; set; }
        public TrustMode Mode { get; set; }
        public long Revision { get; set; }
        public DateTimeOffset ChangedAt { get; set; }
        public List<StoredCertificate> Certificates { get; set; } = [];
        public List<StoredCertificate>? Authorities { get; set; }
        public Dictionary<string, long>? VerifiedCounts { get; set; }
    }

    private sealed class StoredCertificate
    {
        public string Fingerprint { get; set; } = "";
        public string Subject { get; set; } = "";
        public DateTimeOffset AddedAt { get; set; }
        public string Pem { get; set; } = "";
    }
}

/// <summary>What a trust store file holds: the snapshot and the per-certificate verification counts.</summary>
public sealed record StoredTrust(TrustSnapshot Snapshot, Dictionary<string, long> VerifiedCounts);
