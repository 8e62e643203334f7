using Microsoft.AspNetCore.Http.HttpResults;
using Rotation.Tenant.Keystore;
using Rotation.Tenant.Signing;

namespace Rotation.Tenant.Admin;

/// <summary>/admin/keystore/entries: the tenant keystore by alias. Private keys never leave.</summary>
internal static class KeystoreApi
{
    public static RouteGroupBuilder MapKeystoreApi(this RouteGroupBuilder admin)
    {
        var entries = admin.MapGroup("/keystore/entries").WithTags("Keystore");
        entries.MapGet("/", List).WithName("ListEntries").WithSummary("List keystore entries with subject, issuer, serial, validity, fingerprint and expiry warning");
        entries.MapGet("/{alias}", Get).WithName("GetEntry").WithSummary("One keystore entry");
        entries.MapPost("/key-pairs", CreateKeyPair).WithName("CreateKeyPair").WithSummary("Create a key pair (RSA 2048/3072/4096 or EC P-256/P-384; default RSA 4096, SHA-512, 3 years)");
        entries.MapPost("/key-pairs/import", ImportKeyPair).WithName("ImportKeyPair").WithSummary("Import a key pair from a PKCS#12 file (base64) and its password");
        entries.MapPost("/certificates", ImportCertificate).WithName("ImportCertificate").WithSummary("Import a certificate (PEM or base64 DER)");
        entries.MapGet("/{alias}/certificate", DownloadCertificate).WithName("DownloadCertificate").WithSummary("Download the certificate of an entry (format=pem|der)");
        entries.MapGet("/{alias}/csr", DownloadCsr).WithName("DownloadCsr").WithSummary("Download a PKCS#10 certificate signing request for a key pair");
        entries.MapPost("/{alias}/rename", Rename).WithName("RenameEntry").WithSummary("Rename an entry");
        entries.MapPost("/{alias}/exchange", Exchange).WithName("ExchangeKeyPair").WithSummary("Exchange the key pair keeping the alias (fromAlias, or an uploaded PKCS#12); the old key pair goes to the key history");
        entries.MapDelete("/{alias}", Delete).WithName("DeleteEntry").WithSummary("Delete an entry");
        return admin;
    }

    private static Ok<EntryView[]> List(TenantKeystore keystore, TimeProvider time)
    {
        var now = time.GetUtcNow();
        return TypedResults.Ok(keystore.Current.Entries.Values
            .OrderBy(e => e.Alias, StringComparer.OrdinalIgnoreCase)
            .Select(e => CertificateViews.View(e, keystore, now)).ToArray());
    }

    private static Results<Ok<EntryView>, ProblemHttpResult> Get(string alias, TenantKeystore keystore, TimeProvider time) =>
        keystore.Current.Find(alias) is { } entry
            ? TypedResults.Ok(CertificateViews.View(entry, keystore, time.GetUtcNow()))
            : Problems.From(new KeystoreError(KeystoreErrorCode.UnknownAlias, $"no keystore entry with alias '{alias}'"));

    private static async Task<Results<Created<EntryView>, ProblemHttpResult>> CreateKeyPair(CreateKeyPairBody body, TenantKeystore keystore, TimeProvider time, CancellationToken cancellationToken)
    {
        var algorithm = KeySpec.Parse(body.KeyAlgorithm, body.KeySize);
        if (!algorithm.Succeeded) return Problems.From(algorithm.Error!);
        var hash = KeySpec.ParseHash(body.SignatureHash);
        if (!hash.Succeeded) return Problems.From(hash.Error!);
        if (body.ValidityDays is <= 0 or > 36500) return Problems.Invalid("validityDays must be between 1 and 36500");
        var validity = body.ValidityDays is { } days ? TimeSpan.FromDays(days) : (TimeSpan?)null;
        var created = await keystore.CreateKeyPairAsync(body.Alias ?? "", algorithm.Value, body.Subject, validity, hash.Value, cancellationToken);
        return Created(created, keystore, time);
    }

    private static async Task<Results<Created<EntryView>, ProblemHttpResult>> ImportKeyPair(ImportKeyPairBody body, TenantKeystore keystore, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!Base64.TryDecode(body.Pkcs12, out var pkcs12))
            return Problems.From(new KeystoreError(KeystoreErrorCode.MalformedPkcs12, "pkcs12 must be the base64 of a PKCS#12 (PFX) file"));
        return Created(await keystore.ImportKeyPairAsync(body.Alias ?? "", pkcs12, body.Password, cancellationToken), keystore, time);
    }

    private static async Task<Results<Created<EntryView>, ProblemHttpResult>> ImportCertificate(ImportCertificateBody body, TenantKeystore keystore, TimeProvider time, CancellationToken cancellationToken)
    {
        var text = body.Certificate ?? "";
        // PEM is accepted as it is; anything else must be the base64 of DER.
        byte[] bytes;
        if (text.Contains("-----BEGIN", StringComparison.Ordinal)) bytes = System.Text.Encoding.ASCII.GetBytes(text);
        else if (!Base64.TryDecode(text, out bytes))
            return Problems.From(new KeystoreError(KeystoreErrorCode.MalformedCertificate, "certificate must be PEM text or the base64 of DER"));
        return Created(await keystore.ImportCertificateAsync(body.Alias ?? "", bytes, cancellationToken), keystore, time);
    }

    private static Results<FileContentHttpResult, ProblemHttpResult> DownloadCertificate(string alias, string? format, TenantKeystore keystore) =>
        keystore.Current.Find(alias) is { } entry
            ? CertificateViews.Download(entry.PublicCertificate, entry.Alias, format)
            : Problems.From(new KeystoreError(KeystoreErrorCode.UnknownAlias, $"no keystore entry with alias '{alias}'"));

    private static Results<FileContentHttpResult, ProblemHttpResult> DownloadCsr(string alias, TenantKeystore keystore)
    {
        if (keystore.Current.Find(alias) is not { } entry)
            return Problems.From(new KeystoreError(KeystoreErrorCode.UnknownAlias, $"no keystore entry with alias '{alias}'"));
        if (entry.Kind != EntryKind.KeyPair)
            return Problems.From(new KeystoreError(KeystoreErrorCode.NotAKeyPair, $"'{alias}' holds a certificate only; a CSR needs the private key"));
        var pem = KeyMaterial.CreateSigningRequestPem(entry.Certificate);
        return TypedResults.File(System.Text.Encoding.ASCII.GetBytes(pem + "\n"), "application/pkcs10", entry.Alias + ".csr");
    }

    private static async Task<Results<Ok<EntryView>, ProblemHttpResult>> Rename(string alias, RenameBody body, TenantKeystore keystore, SignerStepStore signerStep, TimeProvider time, CancellationToken cancellationToken)
    {
        if (InUse(alias, signerStep, keystore) is { } inUse) return inUse;
        var renamed = await keystore.RenameAsync(alias, body.NewAlias ?? "", cancellationToken);
        return renamed.Succeeded ? TypedResults.Ok(CertificateViews.View(renamed.Value!, keystore, time.GetUtcNow())) : Problems.From(renamed.Error!);
    }

    private static async Task<Results<Ok<ExchangeView>, ProblemHttpResult>> Exchange(string alias, ExchangeBody body, TenantKeystore keystore, TimeProvider time, CancellationToken cancellationToken)
    {
        KeystoreResult<ExchangeOutcome> outcome;
        if (body.FromAlias is { Length: > 0 } source)
        {
            if (body.Pkcs12 is not null) return Problems.Invalid("give either fromAlias or pkcs12, not both");
            outcome = await keystore.ExchangeFromEntryAsync(alias, source, cancellationToken);
        }
        else if (body.Pkcs12 is not null)
        {
            if (!Base64.TryDecode(body.Pkcs12, out var pkcs12))
                return Problems.From(new KeystoreError(KeystoreErrorCode.MalformedPkcs12, "pkcs12 must be the base64 of a PKCS#12 (PFX) file"));
            outcome = await keystore.ExchangeFromPkcs12Async(alias, pkcs12, body.Password, cancellationToken);
        }
        else
        {
            return Problems.Invalid("an exchange needs fromAlias (another keystore entry) or pkcs12 (+ password)");
        }
        if (!outcome.Succeeded) return Problems.From(outcome.Error!);
        return TypedResults.Ok(new ExchangeView(
            CertificateViews.View(outcome.Value!.Entry, keystore, time.GetUtcNow()),
            CertificateViews.View(outcome.Value.Retired, keystore)));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(string alias, TenantKeystore keystore, SignerStepStore signerStep, CancellationToken cancellationToken)
    {
        if (InUse(alias, signerStep, keystore) is { } inUse) return inUse;
        var deleted = await keystore.DeleteAsync(alias, cancellationToken);
        return deleted.Succeeded ? TypedResults.NoContent() : Problems.From(deleted.Error!);
    }

    /// <summary>Deleting or renaming the signer step's alias would make every response fail: refuse it.</summary>
    private static ProblemHttpResult? InUse(string alias, SignerStepStore signerStep, TenantKeystore keystore) =>
        KeystoreSnapshot.AliasComparer.Equals(alias, signerStep.Current.Alias)
            ? Problems.Conflict("AliasInUse", $"alias '{alias}' is used by the signer step; point the signer step at another alias first (PUT /admin/signer)")
        : keystore.Current.Find(alias) is { } entry && string.Equals(entry.Fingerprint, signerStep.Current.KeyFingerprint, StringComparison.OrdinalIgnoreCase)
            ? Problems.Conflict("KeyInUse", $"the signer step is pinned to the key pair under '{alias}'; unpin it first (PUT /admin/signer)")
            : null;

    private static Results<Created<EntryView>, ProblemHttpResult> Created(KeystoreResult<KeystoreEntry> result, TenantKeystore keystore, TimeProvider time) =>
        result.Succeeded
            ? TypedResults.Created($"/admin/keystore/entries/{Uri.EscapeDataString(result.Value!.Alias)}", CertificateViews.View(result.Value, keystore, time.GetUtcNow()))
            : Problems.From(result.Error!);
}

/// <summary>Create a key pair. Defaults: RSA 4096, certificate signed with SHA-512, 3 years, subject CN=&lt;alias&gt;.</summary>
public sealed record CreateKeyPairBody(string? Alias, string? KeyAlgorithm = null, int? KeySize = null, string? Subject = null, int? ValidityDays = null, string? SignatureHash = null);

/// <summary>Import a key pair: the base64 of a PKCS#12 file and its password.</summary>
public sealed record ImportKeyPairBody(string? Alias, string? Pkcs12, string? Password);

/// <summary>Import a certificate: PEM text or the base64 of DER.</summary>
public sealed record ImportCertificateBody(string? Alias, string? Certificate);

public sealed record RenameBody(string? NewAlias);

/// <summary>Exchange keeping the alias: from another entry (<c>fromAlias</c>, which is consumed) or from an uploaded PKCS#12.</summary>
public sealed record ExchangeBody(string? FromAlias = null, string? Pkcs12 = null, string? Password = null);
