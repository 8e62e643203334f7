using Rotation.Shared.WsSecurity;

namespace Rotation.Sender.Keys;

/// <summary>How the command line and the admin API spell the key reference of signed requests.</summary>
public static class KeyReferenceText
{
    public const string Description = "bst (BinarySecurityToken) or issuer-serial (X509IssuerSerial)";

    public static bool TryParse(string? text, out KeyReference reference)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "bst" or "binarysecuritytoken" or "binary-security-token": reference = KeyReference.BinarySecurityToken; return true;
            case "issuer-serial" or "issuerserial" or "x509issuerserial": reference = KeyReference.IssuerSerial; return true;
            default: reference = default; return false;
        }
    }

    public static string Refusal(string? text) => $"key reference '{text}' is not supported; use {Description}";
}
