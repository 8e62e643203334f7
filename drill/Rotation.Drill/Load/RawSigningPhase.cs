using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Rotation.Shared.Certificates;

namespace Rotation.Drill.Load;

/// <summary>
/// How many bare private-key operations (one SHA-256 hash signed, nothing else) this machine does per second
/// on all its cores, with a key like the tenant's. Every signed response costs one such operation on the same
/// cores as everything else, so this rate bounds what any signer can reach: at U unsigned responses/s and R raw
/// signatures/s, signed throughput cannot exceed 1 / (1/U + 1/R), a ratio of R / (U + R).
/// </summary>
public static class RawSigningPhase
{
    public static async Task<double> MeasureAsync(KeyAlgorithm key, TimeSpan duration, CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        using var certificate = CertificateFactory.CreateSelfSigned("CN=Load Raw Signing, O=Rotation", key, now.AddMinutes(-5), now.AddDays(1));
        var hash = SHA256.HashData("the hash of a SignedInfo"u8);
        var sign = SignerFor(certificate);
        sign(hash);

        var workers = Environment.ProcessorCount;
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        var counts = await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Factory.StartNew(() =>
        {
            long n = 0;
            while (Stopwatch.GetTimestamp() < until && !ct.IsCancellationRequested) { sign(hash); n++; }
            return n;
        }, ct, TaskCreationOptions.LongRunning, TaskScheduler.Default)));
        return Math.Round(counts.Sum() / Stopwatch.GetElapsedTime(started).TotalSeconds, 1);
    }

    private static Func<byte[], byte[]> SignerFor(X509Certificate2 certificate) =>
        certificate.GetRSAPrivateKey() is { } rsa
            ? h => rsa.SignHash(h, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : certificate.GetECDsaPrivateKey() is { } ec
                ? h => ec.SignHash(h, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)
                : throw new ArgumentException("only RSA and EC keys sign responses");
}
