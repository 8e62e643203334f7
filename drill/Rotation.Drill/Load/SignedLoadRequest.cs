using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using Rotation.Shared.WsSecurity;

namespace Rotation.Drill.Load;

/// <summary>
/// The load's order signed by a sender key, for the tenant's inbound verification. Signed once and again only every
/// <see cref="ResignEvery"/>: the load generator shares the machine's cores with the tenant, so its own private-key
/// operations would take from what is measured; the tenant checks no replay, and a fresh signature well inside the
/// verifier's 300 s timestamp window keeps every request valid however long a phase runs.
/// </summary>
public sealed class SignedLoadRequest(X509Certificate2 senderKey) : IDisposable
{
    public static readonly TimeSpan ResignEvery = TimeSpan.FromSeconds(30);

    private readonly SigningKey _key = new(senderKey);
    private readonly ResponseSigner _signer = new(TimeProvider.System);
    private readonly Lock _gate = new();
    private sealed record Signed(byte[] Bytes, long SignedAt)
    {
        public bool Fresh => Stopwatch.GetElapsedTime(SignedAt) < ResignEvery;
    }

    private Signed? _current;

    public byte[] Current()
    {
        if (Volatile.Read(ref _current) is { Fresh: true } fresh) return fresh.Bytes;
        lock (_gate)
        {
            if (_current is { Fresh: true } other) return other.Bytes;
            var settings = new SignerSettings { Algorithm = _key.DefaultAlgorithm, KeyReference = KeyReference.BinarySecurityToken };
            var signed = new Signed(_signer.Sign(SoapLoadClient.Request, _key, settings), Stopwatch.GetTimestamp());
            Volatile.Write(ref _current, signed);
            return signed.Bytes;
        }
    }

    public void Dispose() => _key.Dispose();
}
