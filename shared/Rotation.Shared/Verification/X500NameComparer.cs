using System.Security.Cryptography.X509Certificates;

namespace Rotation.Shared.Verification;

/// <summary>
/// Compares distinguished names as X.500 names, not as strings: "CN=a,O=b", "CN=a, O=b" and WSS4J's
/// escaped forms ("CN=a\,b" or "CN=\"a,b\"") name the same issuer when their RDNs agree.
/// </summary>
internal static class X500NameComparer
{
    public static bool AreEqual(X500DistinguishedName a, X500DistinguishedName b)
    {
        if (a.RawData.AsSpan().SequenceEqual(b.RawData)) return true;
        var left = Rdns(a);
        var right = Rdns(b);
        return left.Count == right.Count && left.Zip(right).All(p => p.First == p.Second);
    }

    /// <summary>Parses a DN string the way it arrives in X509IssuerName; null when it is not a DN.</summary>
    public static X500DistinguishedName? TryParse(string text)
    {
        try
        {
            return new X500DistinguishedName(text.Trim(), X500DistinguishedNameFlags.UseCommas);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            try { return new X500DistinguishedName(text.Trim()); }
            catch (System.Security.Cryptography.CryptographicException) { return null; }
        }
    }

    private static List<(string Oid, string Value)> Rdns(X500DistinguishedName name)
    {
        var list = new List<(string, string)>();
        foreach (var rdn in name.EnumerateRelativeDistinguishedNames())
        {
            if (rdn.HasMultipleElements) { list.Add(("multi", Normalize(rdn.RawData.ToArray()))); continue; }
            list.Add((rdn.GetSingleElementType().Value ?? "", Normalize(rdn.GetSingleElementValue() ?? "")));
        }
        return list;
    }

    private static string Normalize(byte[] raw) => Convert.ToHexString(raw);

    // RFC 4518-lite: case-insensitive, inner white space folded, as X.500 caseIgnoreMatch does.
    private static string Normalize(string value) =>
        string.Join(' ', value.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToUpperInvariant();
}
