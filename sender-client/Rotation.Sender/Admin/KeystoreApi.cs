using Microsoft.AspNetCore.Http.HttpResults;
using Rotation.Sender.Keys;
using Rotation.Shared.Certificates;
using Rotation.Shared.WsSecurity;

namespace Rotation.Sender.Admin;

/// <summary>
/// /admin/keystore: the sender's own key pairs and request signing, for the renewal of the sender's key
/// (docs/DESIGN.md §10). Certificates go out as PEM; private keys never leave the keystore.
/// </summary>
public static class KeystoreApi
{
    public const int MaxValidityDays = 10 * 365;

    public static RouteGroupBuilder MapKeystoreApi(this RouteGroupBuilder admin)
    {
        var group = admin.MapGroup("/keystore").WithTags("Keystore").VersionedBy<SenderKeystore>(keystore => keystore.Current.Revision);
        group.MapGet("/", List);
        group.MapPut("/signing", SetSigning);
        group.MapPost("/keypairs", Create);
        group.MapGet("/keypairs/{alias}", Get);
        group.MapGet("/keypairs/{alias}/certificate", CertificatePem).Produces<string>(StatusCodes.Status200OK, PemContentType);
        group.MapPost("/keypairs/{alias}/exchange", Exchange);
        group.MapGet("/history", History);
        group.MapDelete("/history/{id}", Purge);
        return group;
    }

    private const string PemContentType = "application/x-pem-file";

    public static KeystoreView View(SenderKeystoreSnapshot snapshot) => new(snapshot.Revision, snapshot.ChangedAt, snapshot.SigningAlias,
        new SigningView(snapshot.Signing.Enabled, snapshot.Signing.KeyReference),
        [.. snapshot.KeyPairs.Values.OrderBy(k => k.Alias, StringComparer.Ordinal).Select(k => View(k, snapshot))], snapshot.History.Count);

    private static KeyPairView View(SenderKeyPair keyPair, SenderKeystoreSnapshot snapshot)
    {
        var certificate = keyPair.PublicCertificate;
        return new KeyPairView(keyPair.Alias, SenderKeystoreSnapshot.AliasComparer.Equals(keyPair.Alias, snapshot.SigningAlias), keyPair.Fingerprint, keyPair.Algorithm,
            certificate.Subject, certificate.Issuer, CertificateInfo.SerialDecimal(certificate),
            new DateTimeOffset(certificate.NotBefore.ToUniversalTime()), new DateTimeOffset(certificate.NotAfter.ToUniversalTime()), keyPair.CreatedAt, keyPair.CertificatePem);
    }

    private static RetiredView View(KeyHistoryEntry retired, SenderKeystore keystore)
    {
        var certificate = retired.PublicCertificate;
        return new RetiredView(retired.Id, retired.Alias, retired.Fingerprint, certificate.Subject, retired.CreatedAt, retired.RetiredAt,
            keystore.PurgeableFrom(retired), CertificateInfo.ToPem(certificate));
    }

    private static Ok<KeystoreView> List(SenderKeystore keystore) => TypedResults.Ok(View(keystore.Current));

    private static Results<Ok<KeyPairView>, ProblemHttpResult> Get(string alias, SenderKeystore keystore)
    {
        var snapshot = keystore.Current;
        return snapshot.Find(alias) is { } keyPair ? TypedResults.Ok(View(keyPair, snapshot)) : UnknownAlias(alias);
    }

    private static Results<ContentHttpResult, ProblemHttpResult> CertificatePem(string alias, SenderKeystore keystore) =>
        keystore.Current.Find(alias) is { } keyPair ? TypedResults.Text(keyPair.CertificatePem, PemContentType) : UnknownAlias(alias);

    private static async Task<Results<Created<KeystoreChangeView>, ProblemHttpResult>> Create(KeyPairBody body, SenderKeystore keystore, AdminRequest admin, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(body.Alias)) return Problems.BadRequest("alias is required");
        var algorithm = KeyAlgorithm.Rsa2048;
        if (body.KeyAlgorithm is not null && !KeyAlgorithmText.TryParse(body.KeyAlgorithm, out algorithm))
            return Problems.BadRequest(KeyAlgorithmText.Refusal(body.KeyAlgorithm));
        if (body.ValidityDays is < 1 or > MaxValidityDays) return Problems.BadRequest($"validityDays must be between 1 and {MaxValidityDays}");
        var change = await keystore.CreateAsync(admin.Change, body.Alias, algorithm, body.Subject, body.ValidityDays is { } days ? TimeSpan.FromDays(days) : null, cancellationToken);
        if (!change.Succeeded) return Problems.From(change);
        return TypedResults.Created($"/admin/keystore/keypairs/{Uri.EscapeDataString(change.KeyPair!.Alias)}", Answer(change, keystore));
    }

    private static async Task<Results<Ok<KeystoreChangeView>, ProblemHttpResult>> Exchange(string alias, KeyPairExchangeBody body, SenderKeystore keystore, AdminRequest admin, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(body.From)) return Problems.BadRequest("from is required: the alias of the new key pair that takes this alias");
        return Answered(await keystore.ExchangeAsync(admin.Change, alias, body.From, cancellationToken), keystore);
    }

    private static async Task<Results<Ok<KeystoreChangeView>, ProblemHttpResult>> SetSigning(SigningBody body, SenderKeystore keystore, AdminRequest admin, CancellationToken cancellationToken)
    {
        var current = keystore.Current.Signing;
        var reference = current.KeyReference;
        if (body.KeyReference is not null && !KeyReferenceText.TryParse(body.KeyReference, out reference))
            return Problems.BadRequest(KeyReferenceText.Refusal(body.KeyReference));
        if (body.Enabled is null && body.KeyReference is null) return Problems.BadRequest("enabled or keyReference is required");
        return Answered(await keystore.SetSigningAsync(admin.Change, new RequestSigningSettings(body.Enabled ?? current.Enabled, reference), cancellationToken), keystore);
    }

    private static Ok<List<RetiredView>> History(SenderKeystore keystore) =>
        TypedResults.Ok(keystore.Current.History.Select(h => View(h, keystore)).ToList());

    private static async Task<Results<Ok<KeystoreChangeView>, ProblemHttpResult>> Purge(string id, SenderKeystore keystore, AdminRequest admin, CancellationToken cancellationToken) =>
        Answered(await keystore.PurgeHistoryAsync(admin.Change, id, cancellationToken), keystore);

    private static Results<Ok<KeystoreChangeView>, ProblemHttpResult> Answered(KeystoreChange change, SenderKeystore keystore) =>
        change.Succeeded ? TypedResults.Ok(Answer(change, keystore)) : Problems.From(change);

    private static KeystoreChangeView Answer(KeystoreChange change, SenderKeystore keystore) => new(change.Message, View(change.Snapshot),
        change.KeyPair is { } keyPair ? View(keyPair, change.Snapshot) : null, change.Retired is { } retired ? View(retired, keystore) : null);

    private static ProblemHttpResult UnknownAlias(string alias) =>
        Problems.Keystore(KeystoreError.UnknownAlias, $"no key pair with alias '{alias}'");
}
