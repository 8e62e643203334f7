using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Rotation.Shared.Canonicalization;

/// <summary>
/// A growable UTF-8 buffer rented from the shared pool; one per signing or verification, reused across its references.
/// Given a hash algorithm, it feeds an incremental hash whenever the buffer fills instead of growing: a large canonical
/// form is digested without being held whole, and a small one is hashed in one call, as it would be from the buffer.
/// </summary>
internal sealed class Utf8Sink : IDisposable
{
    private readonly HashAlgorithmName? _algorithm;
    private IncrementalHash? _hash;
    private byte[] _buffer;
    private int _length;

    public Utf8Sink(int initialCapacity = 8192) => _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);

    public Utf8Sink(HashAlgorithmName algorithm, int bufferSize = 16 * 1024) : this(bufferSize) => _algorithm = algorithm;

    /// <summary>What was written since the last <see cref="Clear"/> and not yet fed to the hash.</summary>
    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    public void Clear() => _length = 0;

    /// <summary>Feeds what is left to the hash and returns the digest of everything written; the sink starts over.</summary>
    public int GetHashAndReset(Span<byte> destination)
    {
        if (_algorithm is not { } algorithm) throw new InvalidOperationException("this sink feeds no hash");
        if (_hash is null)
        {
            var length = CryptographicOperations.HashData(algorithm, Written, destination);
            _length = 0;
            return length;
        }
        Feed();
        return _hash.GetHashAndReset(destination);
    }

    public void Append(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty) return;
        Ensure(Encoding.UTF8.GetMaxByteCount(text.Length));
        _length += Encoding.UTF8.GetBytes(text, _buffer.AsSpan(_length));
    }

    public void Append(ReadOnlySpan<byte> utf8)
    {
        Ensure(utf8.Length);
        utf8.CopyTo(_buffer.AsSpan(_length));
        _length += utf8.Length;
    }

    public void Append(byte b)
    {
        Ensure(1);
        _buffer[_length++] = b;
    }

    private void Ensure(int extra)
    {
        if (_length + extra <= _buffer.Length) return;
        if (_algorithm is not null)
        {
            Feed();
            if (extra <= _buffer.Length) return;
        }
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + extra));
        _buffer.AsSpan(0, _length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }

    private void Feed()
    {
        _hash ??= IncrementalHash.CreateHash(_algorithm!.Value);
        _hash.AppendData(_buffer, 0, _length);
        _length = 0;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        _length = 0;
        _hash?.Dispose();
    }
}
