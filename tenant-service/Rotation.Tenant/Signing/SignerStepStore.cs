using System.Text.Json;
using System.Text.Json.Serialization;
using Rotation.Tenant.Persistence;

namespace Rotation.Tenant.Signing;

/// <summary>Holds the current signer step; changes through the admin API are persisted and survive restarts.</summary>
public sealed class SignerStepStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly string _path;
    private readonly SemaphoreSlim _writer = new(1, 1);
    private SignerStep _current;

    internal SignerStepStore(DataDirectory directory, SignerStep configured)
    {
        _path = directory.SignerStep;
        _current = File.Exists(_path)
            ? JsonSerializer.Deserialize<SignerStep>(File.ReadAllBytes(_path), Json) ?? configured
            : configured;
        if (_current.Problem() is { } problem) throw new InvalidOperationException($"signer step: {problem}");
    }

    public SignerStep Current => Volatile.Read(ref _current);

    /// <summary>Persists and publishes a new signer step; returns the reason when it is refused.</summary>
    public async Task<string?> UpdateAsync(SignerStep step, CancellationToken cancellationToken = default)
    {
        if (step.Problem() is { } problem) return problem;
        await _writer.WaitAsync(cancellationToken);
        try
        {
            await AtomicFile.WriteAsync(_path, JsonSerializer.SerializeToUtf8Bytes(step, Json), ownerOnly: true, CancellationToken.None);
            Volatile.Write(ref _current, step);
        }
        finally
        {
            _writer.Release();
        }
        return null;
    }
}
