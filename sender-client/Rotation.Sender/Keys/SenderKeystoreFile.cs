using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Serialization;
using Rotation.Hosting.Storage;
using Rotation.Shared.Certificates;

namespace Rotation.Sender.Keys;

/// <summary>
/// The sender keystore on disk: one JSON document (mode 0600) with every key pair and every retired one as a
/// certificate PEM and a PKCS#8 private key PEM. One file, written atomically (<see cref="AtomicFile"/>): an exchange
/// moves a key pair into the history and another under the signing alias in a single write, so a crash leaves the
/// state before or after it, never one without a key it had.
/// </summary>
public sealed class SenderKeystoreFile(string path)
{
    public const string FileName = "sender-keystore.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public string Path { get; } = path;

    public static SenderKeystoreFile InDirectory(string dataDir) => new(System.IO.Path.Combine(dataDir, FileName));

    public async Task<SenderKeystoreSnapshot?> LoadAsync(CancellationToken cancellationToken = default)
    {
        if (!File.Exists(Path)) return null;
        Document document;
        await using (var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true))
        {
            document = await JsonSerializer.DeserializeAsync<Document>(stream, Json, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidDataException($"{Path} is empty");
        }
        if (document.FormatVersion != 1) throw new InvalidDataException($"{Path}: unknown format version {document.FormatVersion}");
        var keyPairs = ImmutableDictionary.CreateBuilder<string, SenderKeyPair>(SenderKeystoreSnapshot.AliasComparer);
        foreach (var stored in document.KeyPairs)
            keyPairs.Add(stored.Alias, new SenderKeyPair(stored.Alias, Read(stored), stored.CreatedAt));
        var history = document.History.Select(h => new KeyHistoryEntry(
            h.Id ?? throw new InvalidDataException($"{Path}: a key history entry has no id"), h.Alias, Read(h), h.CreatedAt,
            h.RetiredAt ?? throw new InvalidDataException($"{Path}: key history entry {h.Id} has no retirement time"))).ToImmutableList();
        return new SenderKeystoreSnapshot(document.Revision, document.ChangedAt, document.SigningAlias, keyPairs.ToImmutable(), history,
            new RequestSigningSettings(document.Signing.Enabled, document.Signing.KeyReference));
    }

    public async Task SaveAsync(SenderKeystoreSnapshot snapshot, CancellationToken cancellationToken = default)
    {
        var document = new Document
        {
            FormatVersion = 1,
            Revision = snapshot.Revision,
            ChangedAt = snapshot.ChangedAt,
            SigningAlias = snapshot.SigningAlias,
            Signing = new StoredSigning { Enabled = snapshot.Signing.Enabled, KeyReference = snapshot.Signing.KeyReference },
            KeyPairs = [.. snapshot.KeyPairs.Values.OrderBy(k => k.Alias, StringComparer.Ordinal).Select(k => Stored(k.Alias, k.Certificate, k.CreatedAt, null, null))],
            History = [.. snapshot.History.Select(h => Stored(h.Alias, h.Certificate, h.CreatedAt, h.Id, h.RetiredAt))],
        };
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!);
        await AtomicFile.WriteAsync(Path, JsonSerializer.SerializeToUtf8Bytes(document, Json), ownerOnly: true, cancellationToken).ConfigureAwait(false);
    }

    private static StoredKeyPair Stored(string alias, X509Certificate2 certificate, DateTimeOffset createdAt, string? id, DateTimeOffset? retiredAt) => new()
    {
        Id = id,
        Alias = alias,
        Fingerprint = CertificateInfo.Fingerprint(certificate),
        CreatedAt = createdAt,
        RetiredAt = retiredAt,
        CertificatePem = certificate.ExportCertificatePem(),
        PrivateKeyPem = PrivateKeyPem(certificate),
    };

    private static string PrivateKeyPem(X509Certificate2 certificate)
    {
        using AsymmetricAlgorithm key = (AsymmetricAlgorithm?)certificate.GetRSAPrivateKey() ?? certificate.GetECDsaPrivateKey()
            ?? throw new InvalidOperationException($"the key pair {certificate.Subject} has no RSA or EC private key");
        return key.ExportPkcs8PrivateKeyPem();
    }

    private X509Certificate2 Read(StoredKeyPair stored)
    {
        var certificate = X509Certificate2.CreateFromPem(stored.CertificatePem, stored.PrivateKeyPem);
        if (!string.Equals(CertificateInfo.Fingerprint(certificate), stored.Fingerprint, StringComparison.OrdinalIgnoreCase))
            throw new InvalidDataException($"{Path}: the key pair listed as {stored.Fingerprint} under '{stored.Alias}' has another certificate");
        return certificate;
    }

    private sealed class Document
    {
        public int FormatVersion { get; set; }
        public long Revision { get; set; }
        public DateTimeOffset ChangedAt { get; set; }
        public string SigningAlias { get; set; } = "";
        public StoredSigning Signing { get; set; } = new();
        public List<StoredKeyPair> KeyPairs { get; set; } = [];
        public List<StoredKeyPair> History { get; set; } = [];
    }

    private sealed class StoredSigning
    {
        public bool Enabled { get; set; }
        public Rotation.Shared.WsSecurity.KeyReference KeyReference { get; set; }
    }

    private sealed class StoredKeyPair
    {
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string? Id { get; set; }
        public string Alias { get; set; } = "";
        public string Fingerprint { get; set; } = "";
        public DateTimeOffset CreatedAt { get; set; }
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public DateTimeOffset? RetiredAt { get; set; }
        public string CertificatePem { get; set; } = "";
        public string PrivateKeyPem { get; set; } = "";
    }
}
