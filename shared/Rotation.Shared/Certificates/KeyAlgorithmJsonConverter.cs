using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rotation.Shared.Certificates;

/// <summary>Key algorithms in JSON as on the command line (<c>"EC-P384"</c>), through <see cref="KeyAlgorithmText"/>.</summary>
public sealed class KeyAlgorithmJsonConverter : JsonConverter<KeyAlgorithm>
{
    public override KeyAlgorithm Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return KeyAlgorithmText.TryParse(text, out var algorithm) ? algorithm : throw new JsonException(KeyAlgorithmText.Refusal(text));
    }

    public override void Write(Utf8JsonWriter writer, KeyAlgorithm value, JsonSerializerOptions options) => writer.WriteStringValue(value.Format());
}
