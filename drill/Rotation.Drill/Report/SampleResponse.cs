using System.Text.Json.Serialization;

namespace Rotation.Drill.Report;

/// <summary>
/// One signed response kept as it came off the wire (old key, new key, one the sender rejected), saved next to the
/// report so it can be checked again with `sender verify` or any other WS-Security stack, with the verdict the
/// sender gave it during the drill.
/// </summary>
public sealed record SampleResponse(string Name, string Description, DateTimeOffset CapturedAt, bool Verified, string Reason, string Message, string? Fingerprint)
{
    [JsonIgnore]
    public byte[] Xml { get; init; } = [];

    /// <summary>The file name beside report.json, set when the report is written.</summary>
    public string? File { get; init; }
}
