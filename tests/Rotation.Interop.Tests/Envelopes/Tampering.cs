using System.Text;

namespace Rotation.Interop.Tests.Envelopes;

/// <summary>Changes a signed envelope after signing the way an attacker on the wire would: same shape, other content.</summary>
public static class Tampering
{
    /// <summary>Replaces the order id inside the Body (it occurs only there) by another of the same length.</summary>
    public static byte[] ChangeOrderId(byte[] signedEnvelope, string orderId)
    {
        var text = Encoding.UTF8.GetString(signedEnvelope);
        var forged = orderId[..^1] + (orderId[^1] == '9' ? '8' : '9');
        var tampered = text.Replace(">" + orderId + "<", ">" + forged + "<", StringComparison.Ordinal);
        if (tampered == text) throw new InvalidOperationException($"order id {orderId} not found as element text: nothing was tampered");
        return Encoding.UTF8.GetBytes(tampered);
    }
}
