using System.Net;
using System.Text.Json;

namespace Rotation.Shared.Admin;

/// <summary>
/// A refused admin call as the service explained it: the problem+json <c>type</c>, <c>title</c>, stable <c>code</c> and
/// <c>detail</c> (docs/DESIGN.md §7b). An answer that is not problem+json keeps its text as the detail and has no code.
/// </summary>
public sealed record AdminProblem(HttpStatusCode Status, string? Type, string? Title, string? Code, string? Detail)
{
    /// <summary>The service refused the caller's token: no call can succeed until it is fixed.</summary>
    public bool AccessRefused => Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;

    public string Describe() => $"{(int)Status}{(Code is null ? "" : " " + Code)}: {Detail ?? Title ?? Status.ToString()}";

    /// <summary>Reads a failed answer's body; text that is not a problem document becomes the detail as it is.</summary>
    public static AdminProblem Read(HttpStatusCode status, string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                var root = document.RootElement;
                return new AdminProblem(status, Text(root, "type"), Text(root, "title"), Text(root, "code"), Text(root, "detail"));
            }
        }
        catch (JsonException)
        {
            // not JSON: the raw text is the best detail there is
        }
        return new AdminProblem(status, null, null, null, body.Length == 0 ? null : body);
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
