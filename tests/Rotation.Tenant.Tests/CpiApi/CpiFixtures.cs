namespace Rotation.Tenant.Tests.CpiApi;

/// <summary>
/// The shapes of CPI-API.md (docs/DESIGN.md §9), written as fixtures independently of the tenant's types: a
/// KeystoreEntry with the fields listed there, a HistoryKeystoreEntry, a Keystore, the OData V2 wrappers and the
/// error body. <c>__metadata</c> is OData V2's own and not compared.
/// </summary>
public static class CpiFixtures
{
    public const string Error = """{"error":{"code":"<string>","message":{"lang":"en","value":"<string>"}}}""";

    private const string CertificateFields = """
        "KeyType":"<string>","KeySize":"<number>","EllipticCurve":"<string?>","SignatureAlgorithm":"<string>",
        "ValidNotBefore":"<date>","ValidNotAfter":"<date>","Validity":"<string>","SerialNumber":"<string>",
        "SubjectDN":"<string>","IssuerDN":"<string>","Version":3,
        "FingerprintSha1":"<string>","FingerprintSha256":"<string>","FingerprintSha512":"<string>"
        """;

    public static string KeystoreEntry(string type = "<string>") => $$"""
        {"__metadata":"<any>","Hexalias":"<hex>","Alias":"<string>","Type":"{{type}}","Owner":"<string>","Status":"<string>",
         {{CertificateFields}},
         "LastModifiedBy":"<string?>","LastModifiedTime":"<date>","CreatedBy":"<string?>","CreatedTime":"<date>"}
        """;

    public static string HistoryEntry => $$"""
        {"__metadata":"<any>","Hexalias":"<hex>","Alias":"<string>","Type":"<string>","Owner":"<string>",
         {{CertificateFields}},
         "OriginalAlias":"<string>","ActiveFrom":"<date>","ActiveUntil":"<date>","ActivatedBy":"<string?>","DeactivatedBy":"<string?>",
         "ActivationSequenceNumber":"<number>"}
        """;

    public static string ChainCertificate => $$"""
        {"__metadata":"<any>","Hexalias":"<hex>","Alias":"<string>","Position":1,{{CertificateFields}}}
        """;

    public static string One(string entity) => """{"d":""" + entity + "}";

    public static string Many(string entity) => """{"d":{"results":[""" + entity + "]}}";

    public const string Empty = """{"d":{"results":[]}}""";

    public static string Keystore(string entries, string name = "system") =>
        """{"d":{"__metadata":"<any>","Name":""" + $"\"{name}\"" + ""","Size":"<number>","LastModifiedBy":"<string?>","LastModifiedTime":"<date>","Entries":""" + entries + "}}";

    /// <summary>The backup keystore's name (CPI-API.md, "Keystore names": "Backup" in the UI).</summary>
    public const string BackupKeystore = "backup_admin_system";

    public const string Deferred = """{"__deferred":{"uri":"<string>"}}""";

    /// <summary>A refusal: the status and the OData error body.</summary>
    public static void AssertError(System.Net.HttpStatusCode expected, (System.Net.HttpStatusCode Status, string Body, HttpResponseMessage Response) answer)
    {
        Assert.True(answer.Status == expected, $"expected {(int)expected}, got {(int)answer.Status}: {answer.Body}");
        JsonShape.AssertMatches(Error, answer.Body);
    }

    public const string Token = """{"access_token":"<string>","token_type":"bearer","expires_in":"<number>"}""";
}
