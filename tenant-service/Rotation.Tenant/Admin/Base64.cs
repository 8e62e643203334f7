namespace Rotation.Tenant.Admin;

/// <summary>Uploads travel as base64 in JSON; a bad encoding is an expected failure, not an exception.</summary>
internal static class Base64
{
    public static bool TryDecode(string? text, out byte[] bytes)
    {
        bytes = [];
        if (string.IsNullOrWhiteSpace(text)) return false;
        try
        {
            bytes = Convert.FromBase64String(text.Trim());
            return bytes.Length > 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
