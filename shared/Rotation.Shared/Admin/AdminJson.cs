using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rotation.Shared.Admin;

/// <summary>
/// The JSON of both admin APIs: web defaults (camelCase, case-insensitive reads) and enums as their names. The services
/// serve with it and the typed clients read with it, so a contract's wire shape has one definition.
/// </summary>
public static class AdminJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>Applies the admin APIs' settings to options someone else owns (ASP.NET Core's HTTP JSON options).</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Converters.Add(new JsonStringEnumConverter());
    }

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(options);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
