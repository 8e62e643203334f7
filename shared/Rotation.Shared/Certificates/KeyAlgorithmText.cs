using System.Collections.Frozen;

namespace Rotation.Shared.Certificates;

/// <summary>
/// The one spelling of key algorithms on every command line, in every environment variable and in every report.
/// Formatted as <c>RSA-2048</c>, <c>RSA-3072</c>, <c>RSA-4096</c>, <c>EC-P256</c>, <c>EC-P384</c>; parsed
/// case-insensitively from those and their documented variants: <c>RSA2048</c> for RSA, and <c>ECP256</c>,
/// <c>EC-256</c>, <c>EC256</c>, <c>P-256</c>, <c>P256</c> for EC (likewise 3072/4096 and 384). Anything else is refused
/// with the list of valid values: a typo must never fall back to some default key.
/// </summary>
public static class KeyAlgorithmText
{
    private static readonly FrozenDictionary<string, KeyAlgorithm> Spellings = Enum.GetValues<KeyAlgorithm>()
        .SelectMany(algorithm => SpellingsOf(algorithm).Select(spelling => KeyValuePair.Create(spelling, algorithm)))
        .ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>The formatted names, in order: what help texts and refusals list.</summary>
    public static IReadOnlyList<string> Names { get; } = Enum.GetValues<KeyAlgorithm>().Select(Format).ToArray();

    /// <summary>One line for help texts: the names and the variants accepted.</summary>
    public static string Description { get; } =
        $"{string.Join(", ", Names)} (case-insensitive; also RSA2048, ECP256, EC-256, EC256, P-256, P256 and likewise)";

    public static string Format(this KeyAlgorithm algorithm) => algorithm switch
    {
        KeyAlgorithm.Rsa2048 or KeyAlgorithm.Rsa3072 or KeyAlgorithm.Rsa4096 => $"RSA-{algorithm.KeySize()}",
        KeyAlgorithm.EcP256 or KeyAlgorithm.EcP384 => $"EC-P{algorithm.KeySize()}",
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "not a key algorithm"),
    };

    /// <summary>Bits of the RSA modulus or of the EC curve's field.</summary>
    public static int KeySize(this KeyAlgorithm algorithm) => algorithm switch
    {
        KeyAlgorithm.Rsa2048 => 2048,
        KeyAlgorithm.Rsa3072 => 3072,
        KeyAlgorithm.Rsa4096 => 4096,
        KeyAlgorithm.EcP256 => 256,
        KeyAlgorithm.EcP384 => 384,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "not a key algorithm"),
    };

    public static bool IsEc(this KeyAlgorithm algorithm) => algorithm is KeyAlgorithm.EcP256 or KeyAlgorithm.EcP384;

    /// <summary>Every spelling <see cref="TryParse"/> accepts for the algorithm (compared case-insensitively).</summary>
    public static IReadOnlyList<string> SpellingsOf(KeyAlgorithm algorithm)
    {
        var size = algorithm.KeySize();
        return algorithm.IsEc()
            ? [$"EC-P{size}", $"ECP{size}", $"EC-{size}", $"EC{size}", $"P-{size}", $"P{size}"]
            : [$"RSA-{size}", $"RSA{size}"];
    }

    public static bool TryParse(string? text, out KeyAlgorithm algorithm) => Spellings.TryGetValue(text?.Trim() ?? "", out algorithm);

    /// <summary>The refusal of a text that is no key algorithm, naming the valid values.</summary>
    public static string Refusal(string? text) => $"'{text}' is not a key algorithm; use one of {Description}";

    /// <exception cref="FormatException">The text is no documented spelling.</exception>
    public static KeyAlgorithm Parse(string text) => TryParse(text, out var algorithm) ? algorithm : throw new FormatException(Refusal(text));
}
