using System.Text.Json;
using Rotation.Tenant.Keystore;

namespace Rotation.Tenant.CpiApi;

/// <summary>Request bodies of the platform's API, read with a size limit so that refusals stay OData errors.</summary>
internal static class CpiBody
{
    /// <summary>The platform's limit for an uploaded key pair or signing response.</summary>
    public const int UploadLimit = 30_720;

    /// <summary>A JSON body carrying an upload in base64: the upload's limit plus the base64 and JSON overhead.</summary>
    public const int JsonLimit = 64 * 1024;

    public static async Task<KeystoreResult<byte[]>> ReadAsync(HttpRequest request, int limit)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > limit) return TooLarge(limit);
        }
        return buffer.ToArray();
    }

    /// <summary>Property names case-insensitive, numbers also as strings (OData V2 clients send both).</summary>
    public static async Task<KeystoreResult<T>> ReadJsonAsync<T>(HttpRequest request) where T : class
    {
        var bytes = await ReadAsync(request, JsonLimit);
        if (!bytes.Succeeded) return bytes.Error!;
        try
        {
            return JsonSerializer.Deserialize<T>(bytes.Value!, JsonSerializerOptions.Web) is { } body
                ? body
                : new KeystoreError(KeystoreErrorCode.InvalidRequest, "the body must be a JSON object");
        }
        catch (JsonException e)
        {
            return new KeystoreError(KeystoreErrorCode.InvalidRequest, $"the body is not the expected JSON: {e.Message}");
        }
    }

    public static KeystoreError TooLarge(int limit) => new(KeystoreErrorCode.PayloadTooLarge, $"the upload is larger than the platform's limit of {limit} bytes");

    public static KeystoreResult<bool> Update(IQueryCollection query) => query["update"].ToString() switch
    {
        "" or "false" => false,
        "true" => true,
        var other => new KeystoreError(KeystoreErrorCode.InvalidRequest, $"update must be true or false, not '{other}'"),
    };
}
