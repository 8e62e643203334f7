using System.Text.Json;
using Rotation.Shared.Certificates;

namespace Rotation.Shared.Tests.Keys;

/// <summary>The one spelling of key algorithms: every documented spelling parses, nothing else does, the format round-trips.</summary>
public sealed class KeyAlgorithmTextTests
{
    /// <summary>The documented list (README "Key algorithms"), written out rather than derived from the parser.</summary>
    public static TheoryData<string, KeyAlgorithm> Documented => new()
    {
        { "RSA-2048", KeyAlgorithm.Rsa2048 }, { "RSA2048", KeyAlgorithm.Rsa2048 },
        { "RSA-3072", KeyAlgorithm.Rsa3072 }, { "RSA3072", KeyAlgorithm.Rsa3072 },
        { "RSA-4096", KeyAlgorithm.Rsa4096 }, { "RSA4096", KeyAlgorithm.Rsa4096 },
        { "EC-P256", KeyAlgorithm.EcP256 }, { "ECP256", KeyAlgorithm.EcP256 }, { "EC-256", KeyAlgorithm.EcP256 },
        { "EC256", KeyAlgorithm.EcP256 }, { "P-256", KeyAlgorithm.EcP256 }, { "P256", KeyAlgorithm.EcP256 },
        { "EC-P384", KeyAlgorithm.EcP384 }, { "ECP384", KeyAlgorithm.EcP384 }, { "EC-384", KeyAlgorithm.EcP384 },
        { "EC384", KeyAlgorithm.EcP384 }, { "P-384", KeyAlgorithm.EcP384 }, { "P384", KeyAlgorithm.EcP384 },
    };

    [Theory]
    [MemberData(nameof(Documented))]
    public void Every_documented_spelling_parses_in_any_case(string spelling, KeyAlgorithm expected)
    {
        foreach (var text in new[] { spelling, spelling.ToLowerInvariant(), MixedCase(spelling), $"  {spelling} " })
        {
            Assert.True(KeyAlgorithmText.TryParse(text, out var parsed), text);
            Assert.Equal(expected, parsed);
            Assert.Equal(expected, KeyAlgorithmText.Parse(text));
        }
    }

    [Fact]
    public void The_documented_list_is_exactly_what_the_parser_accepts()
    {
        var documented = Documented.Select(row => ((string)row[0], (KeyAlgorithm)row[1])).ToHashSet();
        var accepted = Enum.GetValues<KeyAlgorithm>().SelectMany(a => KeyAlgorithmText.SpellingsOf(a).Select(s => (s, a))).ToHashSet();
        Assert.Equal(documented.OrderBy(d => d.Item1), accepted.OrderBy(a => a.s));
    }

    [Theory]
    [InlineData(KeyAlgorithm.Rsa2048, "RSA-2048", 2048)]
    [InlineData(KeyAlgorithm.Rsa3072, "RSA-3072", 3072)]
    [InlineData(KeyAlgorithm.Rsa4096, "RSA-4096", 4096)]
    [InlineData(KeyAlgorithm.EcP256, "EC-P256", 256)]
    [InlineData(KeyAlgorithm.EcP384, "EC-P384", 384)]
    public void Format_is_the_canonical_name_and_parses_back(KeyAlgorithm algorithm, string name, int size)
    {
        Assert.Equal(name, algorithm.Format());
        Assert.Equal(size, algorithm.KeySize());
        Assert.Equal(algorithm, KeyAlgorithmText.Parse(algorithm.Format()));
    }

    [Theory]
    [InlineData("RSA-1024")]
    [InlineData("RSA-8192")]
    [InlineData("EC-P521")]
    [InlineData("P-521")]
    [InlineData("RSA")]
    [InlineData("EC")]
    [InlineData("ECDSA-P256")]
    [InlineData("EC-P-256")]
    [InlineData("RSA_2048")]
    [InlineData("RSA:2048")]
    [InlineData("RSA 2048")]
    [InlineData("2048")]
    [InlineData("secp384r1")]
    [InlineData("3")]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData(null)]
    public void Anything_else_is_refused_with_the_valid_values(string? text)
    {
        Assert.False(KeyAlgorithmText.TryParse(text, out _));
        var refusal = Assert.Throws<FormatException>(() => KeyAlgorithmText.Parse(text!)).Message;
        Assert.Contains($"'{text}'", refusal);
        foreach (var name in new[] { "RSA-2048", "RSA-3072", "RSA-4096", "EC-P256", "EC-P384" }) Assert.Contains(name, refusal);
    }

    [Fact]
    public void Json_carries_the_canonical_name_and_refuses_unknown_ones()
    {
        var options = new JsonSerializerOptions { Converters = { new KeyAlgorithmJsonConverter() } };
        Assert.Equal("\"EC-P384\"", JsonSerializer.Serialize(KeyAlgorithm.EcP384, options));
        Assert.Equal(KeyAlgorithm.Rsa3072, JsonSerializer.Deserialize<KeyAlgorithm>("\"rsa3072\"", options));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<KeyAlgorithm>("\"RSA-1024\"", options));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<KeyAlgorithm>("3", options));
    }

    private static string MixedCase(string text) => string.Concat(text.Select((c, i) => i % 2 == 0 ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c)));
}
