using Microsoft.AspNetCore.Http.HttpResults;
using Rotation.Tenant.Keystore;
using Rotation.Tenant.State;

namespace Rotation.Tenant.Admin;

/// <summary>/admin/keystore/entries: the tenant keystore by alias. Private keys never leave.</summary>
internal static class KeystoreApi
{
    public static RouteGroupBuilder MapKeystoreApi(this RouteGroupBuilder admin)
    {
        var entries = admin.MapGroup("/keystore/entries").WithTags("Keystore").VersionedByState();
        entries.MapGet("/", List).WithName("ListEntries").WithSummary("List keystore entries with subject, issuer, serial, validity, fingerprint and expiry warning");
        entries.MapGet("/{alias}", Get).WithName("GetEntry").WithSummary("One keystore entry");
        entries.MapPost("/key-pairs", CreateKeyPair).WithName("CreateKeyPair").WithSummary("Create a key pair (RSA 2048/3072/4096 or EC P-256/P-384; default RSA 4096, SHA-512, 3 years)");
        entries.MapPost("/key-pairs/import", ImportKeyPair).WithName("ImportKeyPair").WithSummary("Import a key pair from a PKCS#12 file (base64) and its password");
        entries.MapPost("/certificates", ImportCertificate).WithName("ImportCertificate").WithSummary("Import a certificate (PEM or base64 DER)");
        entries.MapGet("/{alias}/certificate", DownloadCertificate).WithName("DownloadCertificate").WithSummary("Download the certificate of an entry (format=pem|der)");
        entries.MapGet("/{alias}/csr", DownloadCsr).WithName("DownloadCsr").WithSummary("Download a PKCS#10 certificate signing request for a key pair");
        entries.MapPut("/{alias}/chain", ImportChain).WithName("ImportCertificateChain")
            .WithSummary("Import a CA's signing response (the certificate chain: PEM certificates, or PKCS#7 as PEM or base64 DER) onto the key pair; it must be for this key pair's public key");
        entries.MapGet("/{alias}/chain", DownloadChain).WithName("DownloadCertificateChain").WithSummary("The entry's certificate and the issuers kept with it, as PEM");
        entries.MapPost("/{alias}/rename", Rename).WithName("RenameEntry").WithSummary("Rename an entry");
        entries.MapPost("/{alias}/exchange", Exchange).WithName("ExchangeKeyPair").WithSummary("Exchange the key pair keeping the alias (fromAlias, or an uploaded PKCS#12); the old key pair goes to the key history");
        entries.MapDelete("/{alias}", Delete).WithName("DeleteEntry").WithSummary("Delete an entry");
        return admin;
    }

    private static Ok<EntryView[]> List(LiveTenantState state, TenantKeystore keystore, AdminRequest admin, TimeProvider time)
    {
        var current = state.Current;
        var now = time.GetUtcNow();
        return TypedResults.Ok(admin.Saw(current.Keystore.Entries.Values
            .OrderBy(e => e.Alias, StringComparer.OrdinalIgnoreCase)
            .Select(e => CertificateViews.View(e, keystore, now)).ToArray(), current.Generation));
    }

    private static Results<Ok<EntryView>, ProblemHttpResult> Get(string alias, LiveTenantState state, TenantKeystore keystore, AdminRequest admin, TimeProvider time)
    {
        var current = state.Current;
        return current.Keystore.Find(alias) is { } entry
            ? TypedResults.Ok(admin.Saw(CertificateViews.View(entry, keystore, time.GetUtcNow()), current.Generation))
            : UnknownAlias(alias);
    }

    private static async Task<Results<Created<EntryView>, ProblemHttpResult>> CreateKeyPair(CreateKeyPairBody body, TenantKeystore keystore, AdminRequest admin, TimeProvider time, CancellationToken cancellationToken)
    {
        var algorithm = KeySpec.Parse(body.KeyAlgorithm, body.KeySize);
        if (!algorithm.Succeeded) return Problems.From(algorithm.Error!);
        var hash = KeySpec.ParseHash(body.SignatureHash);
        if (!hash.Succeeded) return Problems.From(hash.Error!);
        if (body.ValidityDays is <= 0 or > 36500) return Problems.Invalid("validityDays must be between 1 and 36500");
        var validity = body.ValidityDays is { } days ? TimeSpan.FromDays(days) : (TimeSpan?)null;
        var created = await keystore.CreateKeyPairAsync(admin.Change, body.Alias ?? "", algorithm.Value, body.Subject, validity, hash.Value, cancellationToken);
        return Created(created, keystore, admin, time);
    }

    private static async Task<Results<Created<EntryView>, ProblemHttpResult>> ImportKeyPair(ImportKeyPairBody body, TenantKeystore keystore, AdminRequest admin, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!Base64.TryDecode(body.Pkcs12, out var pkcs12))
            return Problems.From(new KeystoreError(KeystoreErrorCode.MalformedPkcs12, "pkcs12 must be the base64 of a PKCS#12 (PFX) file"));
        return Created(await keystore.ImportKeyPairAsync(admin.Change, body.Alias ?? "", pkcs12, body.Password, cancellationToken), keystore, admin, time);
    }

    private static async Task<Results<Created<EntryView>, ProblemHttpResult>> ImportCertificate(ImportCertificateBody body, TenantKeystore keystore, AdminRequest admin, TimeProvider time, CancellationToken cancellationToken)
    {
        var text = body.Certificate ?? "";
        // PEM is accepted as it is; anything else must be the base64 of DER.
        byte[] bytes;
        if (text.Contains("-----BEGIN", StringComparison.Ordinal)) bytes = System.Text.Encoding.ASCII.GetBytes(text);
        else if (!Base64.TryDecode(text, out bytes))
            return Problems.From(new KeystoreError(KeystoreErrorCode.MalformedCertificate, "certificate must be PEM text or the base64 of DER"));
        return Created(await keystore.ImportCertificateAsync(admin.Change, body.Alias ?? "", bytes, cancellationToken), keystore, admin, time);
    }

    private static Results<FileContentHttpResult, ProblemHttpResult> DownloadCertificate(string alias, string? format, TenantKeystore keystore) =>
        keystore.Current.Find(alias) is { } entry ? CertificateViews.Download(entry.PublicCertificate, entry.Alias, format) : UnknownAlias(alias);

    private static Results<FileContentHttpResult, ProblemHttpResult> DownloadCsr(string alias, TenantKeystore keystore)
    {
        if (keystore.Current.Find(alias) is not { } entry) return UnknownAlias(alias);
        if (entry.Kind != EntryKind.KeyPair)
            return Problems.From(new KeystoreError(KeystoreErrorCode.NotAKeyPair, $"'{alias}' holds a certificate only; a CSR needs the private key"));
        var pem = KeyMaterial.CreateSigningRequestPem(entry.Certificate);
        return TypedResults.File(System.Text.Encoding.ASCII.GetBytes(pem + "\n"), "application/pkcs10", entry.Alias + ".csr");
    }

    private static async Task<Results<Ok<EntryView>, ProblemHttpResult>> ImportChain(string alias, ImportChainBody body, TenantKeystore keystore, AdminRequest admin, TimeProvider time, CancellationToken cancellationToken)
    {
        var text = body.Chain ?? "";
        byte[] bytes;
        if (text.Contains("-----BEGIN", StringComparison.Ordinal)) bytes = System.Text.Encoding.ASCII.GetBytes(text);
        else if (!Base64.TryDecode(text, out bytes))
            return Problems.From(new KeystoreError(KeystoreErrorCode.MalformedCertificate, "chain must be PEM text or the base64 of a DER certificate or PKCS#7 bundle"));
        var imported = await keystore.ImportChainAsync(admin.Change, alias, bytes, cancellationToken);
        return imported.Succeeded
            ? TypedResults.Ok(admin.Saw(CertificateViews.View(imported.Value!.Value, keystore, time.GetUtcNow()), imported.Value.Generation))
            : Problems.From(imported.Error!);
    }

    private static Results<FileContentHttpResult, ProblemHttpResult> DownloadChain(string alias, TenantKeystore keystore) =>
        keystore.Current.Find(alias) is { } entry
            ? TypedResults.File(System.Text.Encoding.ASCII.GetBytes(string.Concat(entry.Issuers.Prepend(entry.PublicCertificate).Select(c => c.ExportCertificatePem() + "\n"))),
                "application/x-pem-file", entry.Alias + "-chain.pem")
            : UnknownAlias(alias);

    private static async Task<Results<Ok<EntryView>, ProblemHttpResult>> Rename(string alias, RenameBody body, TenantKeystore keystore, AdminRequest admin, TimeProvider time, CancellationToken cancellationToken)
    {
        var renamed = await keystore.RenameAsync(admin.Change, alias, body.NewAlias ?? "", SignerStepGuard.Refuse, cancellationToken);
        return renamed.Succeeded
            ? TypedResults.Ok(admin.Saw(CertificateViews.View(renamed.Value!.Value, keystore, time.GetUtcNow()), renamed.Value.Generation))
            : Problems.From(renamed.Error!);
    }

    private static async Task<Results<Ok<ExchangeView>, ProblemHttpResult>> Exchange(string alias, ExchangeBody body, TenantKeystore keystore, AdminRequest admin, TimeProvider time, CancellationToken cancellationToken)
    {
        KeystoreResult<Committed<ExchangeOutcome>> outcome;
        if (body.FromAlias is { Length: > 0 } source)
        {
            if (body.Pkcs12 is not null) return Problems.Invalid("give either fromAlias or pkcs12, not both");
            outcome = await keystore.ExchangeFromEntryAsync(admin.Change, alias, source, cancellationToken);
        }
        else if (body.Pkcs12 is not null)
        {
            if (!Base64.TryDecode(body.Pkcs12, out var pkcs12))
                return Problems.From(new KeystoreError(KeystoreErrorCode.MalformedPkcs12, "pkcs12 must be the base64 of a PKCS#12 (PFX) file"));
            outcome = await keystore.ExchangeFromPkcs12Async(admin.Change, alias, pkcs12, body.Password, cancellationToken);
        }
        else
        {
            return Problems.Invalid("an exchange needs fromAlias (another keystore entry) or pkcs12 (+ password)");
        }
        if (!outcome.Succeeded) return Problems.From(outcome.Error!);
        var exchanged = outcome.Value!.Value;
        return TypedResults.Ok(admin.Saw(new ExchangeView(
            CertificateViews.View(exchanged.Entry, keystore, time.GetUtcNow()),
            CertificateViews.View(exchanged.Retired, keystore)), outcome.Value.Generation));
    }

    /// <summary>Deleting the signer step's alias or pinned key pair is refused at the commit point (AliasInUse, KeyInUse).</summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(string alias, TenantKeystore keystore, AdminRequest admin, CancellationToken cancellationToken)
    {
        var deleted = await keystore.DeleteAsync(admin.Change, alias, SignerStepGuard.Refuse, cancellationToken);
        return deleted.Succeeded ? admin.Saw(TypedResults.NoContent(), deleted.Value!.Generation) : Problems.From(deleted.Error!);
    }

    private static Results<Created<EntryView>, ProblemHttpResult> Created(KeystoreResult<Committed<KeystoreEntry>> result, TenantKeystore keystore, AdminRequest admin, TimeProvider time) =>
        result.Succeeded
            ? admin.Saw(TypedResults.Created($"/admin/keystore/entries/{Uri.EscapeDataString(result.Value!.Value.Alias)}", CertificateViews.View(result.Value.Value, keystore, time.GetUtcNow())), result.Value.Generation)
            : Problems.From(result.Error!);

    private static ProblemHttpResult UnknownAlias(string alias) =>
        Problems.From(new KeystoreError(KeystoreErrorCode.UnknownAlias, $"no keystore entry with alias '{alias}'"));
}
