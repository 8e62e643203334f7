using Rotation.Shared.Verification;

namespace Rotation.Sender.Wcf;

/// <summary>Where the verifying encoder gets the certificates it trusts right now, and where it reports which one verified.</summary>
public interface ITrustSource
{
    /// <summary>The current immutable snapshot; read once per response so a swap never splits one verification.</summary>
    TrustSet Current { get; }

    void RecordVerified(string fingerprint);
}
