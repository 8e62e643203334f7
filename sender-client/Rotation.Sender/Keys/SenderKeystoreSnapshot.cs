using System.Collections.Immutable;
using Rotation.Sender.Wcf;
using Rotation.Shared.WsSecurity;

namespace Rotation.Sender.Keys;

/// <summary>
/// What the sender keystore holds at one moment: its key pairs by alias, the key history, the signing alias and
/// the request signing settings, with the <see cref="Signature"/> they make. Immutable: the keystore replaces the
/// whole snapshot in one reference swap, so each request is signed wholly with the old or wholly with the new key.
/// </summary>
public sealed class SenderKeystoreSnapshot
{
    public static readonly StringComparer AliasComparer = StringComparer.OrdinalIgnoreCase;

    public SenderKeystoreSnapshot(long revision, DateTimeOffset changedAt, string signingAlias, ImmutableDictionary<string, SenderKeyPair> keyPairs,
        ImmutableList<KeyHistoryEntry> history, RequestSigningSettings signing)
    {
        Revision = revision;
        ChangedAt = changedAt;
        SigningAlias = signingAlias;
        KeyPairs = keyPairs.WithComparers(AliasComparer);
        History = history;
        Signing = signing;
        Signature = signing.Enabled && Find(signingAlias) is { } current
            ? new RequestSignature(current.Alias, current.SigningKey, new SignerSettings { KeyReference = signing.KeyReference, Algorithm = current.SigningKey.DefaultAlgorithm })
            : null;
    }

    /// <summary>Increases with every change: the ETag of the admin API.</summary>
    public long Revision { get; }
    public DateTimeOffset ChangedAt { get; }
    public string SigningAlias { get; }
    public ImmutableDictionary<string, SenderKeyPair> KeyPairs { get; }
    public ImmutableList<KeyHistoryEntry> History { get; }
    public RequestSigningSettings Signing { get; }

    /// <summary>What signs requests now; null when signing is off.</summary>
    public RequestSignature? Signature { get; }

    /// <summary>The key pair requests are signed with (when signing is on).</summary>
    public SenderKeyPair? SigningKeyPair => Find(SigningAlias);

    public SenderKeyPair? Find(string alias) => KeyPairs.GetValueOrDefault(alias);

    public KeyHistoryEntry? FindHistory(string id) => History.Find(h => h.Id == id);
}
