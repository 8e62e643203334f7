namespace Rotation.Drill.Running;

/// <summary>One shortening of SHA-256 fingerprints for the console and the report's prose; tables show them in full.</summary>
public static class FingerprintText
{
    public const int ShortLength = 16;

    public static string Short(string? fingerprint) =>
        fingerprint is null ? "none" : fingerprint.Length <= ShortLength ? fingerprint : fingerprint[..ShortLength] + "…";
}
