using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using Rotation.Tenant.Keystore;

namespace Rotation.Tenant.CpiApi;

/// <summary>
/// <c>POST /KeyPairGenerationRequests</c>: create a key pair on the tenant (defaults as the platform's: RSA 4096,
/// SHA-512/RSA, valid from now for three years). The private key stays on the tenant; the only way to put it under
/// an alias in use is to rename (docs/DESIGN.md §9).
/// </summary>
internal static class KeyPairGenerationRequestsApi
{
    public static RouteGroupBuilder MapKeyPairGenerationRequests(this RouteGroupBuilder api)
    {
        api.MapPost("/KeyPairGenerationRequests", Create).WithName("CpiCreateKeyPair")
            .WithSummary("Create a key pair: Hexalias (any), Alias, CommonName, Country; optional OrganizationUnit, Organization, Locality, State, Email, KeyType, KeySize, SignatureAlgorithm, ValidNotBefore, ValidNotAfter");
        return api;
    }

    private static async Task<IResult> Create(HttpRequest request, TenantKeystore keystore, CpiRequest cpi, TimeProvider time, CancellationToken cancellationToken)
    {
        var read = await CpiBody.ReadJsonAsync<KeyPairGenerationRequest>(request);
        if (!read.Succeeded) return OData.Error(read.Error!);
        var body = read.Value!;
        if (string.IsNullOrEmpty(body.Alias) || string.IsNullOrWhiteSpace(body.CommonName) || string.IsNullOrEmpty(body.Country))
            return OData.Invalid("Hexalias, Alias, CommonName and Country are mandatory");
        if (ReservedAliases.Check(body.Alias) is { } reserved) return OData.Error(reserved);
        if (body.Country.Length != 2 || !body.Country.All(char.IsAsciiLetter)) return OData.Invalid("Country must be two letters (ISO 3166)");

        var algorithm = KeySpec.Parse(body.KeyType, body.KeySize);
        if (!algorithm.Succeeded) return OData.Error(algorithm.Error!);
        var hash = Hash(body.SignatureAlgorithm, isEc: body.KeyType?.Trim().ToUpperInvariant() is "EC" or "ECDSA");
        if (!hash.Succeeded) return OData.Error(hash.Error!);

        var now = time.GetUtcNow();
        if (body.ValidNotBefore is { } from && (OData.ParseDate(from) is not { } start || (start - now).Duration() > TimeSpan.FromDays(1)))
            return OData.Invalid("ValidNotBefore must be /Date(ms)/ within a day of now: this tenant's certificates start when they are made");
        var until = body.ValidNotAfter is { } to ? OData.ParseDate(to) : now.AddYears(3);
        if (until is not { } end || end <= now) return OData.Invalid("ValidNotAfter must be /Date(ms)/ in the future");

        var subject = Subject(body);
        if (!subject.Succeeded) return OData.Error(subject.Error!);
        var created = await keystore.CreateKeyPairAsync(cpi.Change, body.Alias, algorithm.Value, subject.Value, end - now, hash.Value, cancellationToken);
        if (!created.Succeeded) return OData.Error(created.Error!);

        var entry = created.Value!.Value;
        var hex = HexAlias.Encode(entry.Alias);
        var location = $"{ServiceRoot.Of(request)}/KeystoreEntries('{hex}')";
        request.HttpContext.Response.Headers.Location = location;
        // The request as it was carried out: the derived Hexalias and the effective key, algorithm and validity.
        var certificate = entry.PublicCertificate;
        (var keyType, var keySize, _) = CpiEntities.KeyOf(certificate);
        var effective = body with
        {
            Hexalias = hex,
            KeyType = keyType,
            KeySize = keySize,
            SignatureAlgorithm = CpiEntities.SignatureAlgorithm(certificate.SignatureAlgorithm.Value),
            ValidNotBefore = OData.Date(new DateTimeOffset(certificate.NotBefore.ToUniversalTime())),
            ValidNotAfter = OData.Date(new DateTimeOffset(certificate.NotAfter.ToUniversalTime())),
        };
        // The platform's property names as declared (PascalCase), not the host's camelCase.
        var answer = JsonSerializer.SerializeToNode(effective, JsonSerializerOptions.Default)!.AsObject();
        return OData.Entity(answer, StatusCodes.Status201Created);
    }

    /// <summary>"SHA-512/RSA", "SHA-256/ECDSA", …; the default is SHA-512/RSA for RSA keys and SHA-256/ECDSA for EC keys.</summary>
    private static KeystoreResult<HashAlgorithmName?> Hash(string? signatureAlgorithm, bool isEc)
    {
        if (string.IsNullOrEmpty(signatureAlgorithm)) return isEc ? HashAlgorithmName.SHA256 : HashAlgorithmName.SHA512;
        var parts = signatureAlgorithm.Split('/');
        if (parts.Length != 2 || !(parts[1].Equals(isEc ? "ECDSA" : "RSA", StringComparison.OrdinalIgnoreCase)))
            return new KeystoreError(KeystoreErrorCode.InvalidRequest, $"SignatureAlgorithm '{signatureAlgorithm}' does not fit the key type; use e.g. {(isEc ? "SHA-256/ECDSA" : "SHA-512/RSA")}");
        return KeySpec.ParseHash(parts[0]);
    }

    private static KeystoreResult<string> Subject(KeyPairGenerationRequest body)
    {
        try
        {
            var dn = new X500DistinguishedNameBuilder();
            if (body.Email is { Length: > 0 } email) dn.AddEmailAddress(email);
            dn.AddCountryOrRegion(body.Country!.ToUpperInvariant());
            if (body.State is { Length: > 0 } state) dn.AddStateOrProvinceName(state);
            if (body.Locality is { Length: > 0 } locality) dn.AddLocalityName(locality);
            if (body.Organization is { Length: > 0 } organization) dn.AddOrganizationName(organization);
            if (body.OrganizationUnit is { Length: > 0 } unit) dn.AddOrganizationalUnitName(unit);
            dn.AddCommonName(body.CommonName!);
            return dn.Build().Name;
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            return new KeystoreError(KeystoreErrorCode.InvalidRequest, $"the subject fields do not make a distinguished name: {e.Message}");
        }
    }
}

/// <summary>The platform's KeyPairGenerationRequest entity (dates as /Date(ms)/).</summary>
internal sealed record KeyPairGenerationRequest(
    string? Hexalias, string? Alias, string? CommonName, string? Country,
    string? OrganizationUnit = null, string? Organization = null, string? Locality = null, string? State = null, string? Email = null,
    string? KeyType = null, int? KeySize = null, string? SignatureAlgorithm = null, string? ValidNotBefore = null, string? ValidNotAfter = null);
