using Rotation.Shared.Verification;

namespace Rotation.Sender.Wcf;

/// <summary>
/// Receives the verification result of one call. The caller creates it before the call; the encoder,
/// running deeper in the same async flow, fills it in. A mutable holder is needed because values set
/// in an AsyncLocal below the caller never flow back up to it.
/// </summary>
public sealed class VerificationSink
{
    private VerificationResult? _result;

    public VerificationResult? Result => Volatile.Read(ref _result);

    internal void Record(VerificationResult result) => Volatile.Write(ref _result, result);

    private string? _node;

    /// <summary>The tenant node that answered, from its response header (docs/DESIGN.md §8); null when it names none.</summary>
    public string? Node => Volatile.Read(ref _node);

    internal void RecordNode(string node) => Volatile.Write(ref _node, node);
}
