using System.Xml;
using Rotation.Shared.WsSecurity;
using Rotation.Shared.Xml;

namespace Rotation.Shared.Verification;

/// <summary>docs/DESIGN.md §3 check 6: the Timestamp is fresh (not too old, not too far ahead) and not expired.</summary>
internal static class TimestampCheck
{
    public static VerificationResult? Check(XmlElement timestamp, DateTimeOffset now, VerificationPolicy policy)
    {
        var (_, created) = Read(timestamp, "Created");
        var (hasExpires, expires) = Read(timestamp, "Expires");
        if (created is null) return VerificationResult.Rejected(RejectReason.TimestampMalformed, "wsu:Created is missing or not an xs:dateTime with a time zone");
        if (hasExpires && expires is null) return VerificationResult.Rejected(RejectReason.TimestampMalformed, "wsu:Expires is not an xs:dateTime with a time zone");
        if (expires < created)
            return VerificationResult.Rejected(RejectReason.TimestampExpiresBeforeCreated, $"expires {expires:O} before it was created {created:O}");

        if (created.Value > now + policy.MaxClockSkewFuture)
            return VerificationResult.Rejected(RejectReason.TimestampInFuture, $"created {created:O} is more than {policy.MaxClockSkewFuture.TotalSeconds:0} s ahead of {now:O}");
        if (created.Value < now - policy.MaxTimestampAge)
            return VerificationResult.Rejected(RejectReason.TimestampTooOld, $"created {created:O} is more than {policy.MaxTimestampAge.TotalSeconds:0} s before {now:O}");
        if (expires is not null && expires.Value <= now)
            return VerificationResult.Rejected(RejectReason.TimestampExpired, $"expired at {expires:O}, now {now:O}");
        return null;
    }

    private static (bool Present, DateTimeOffset? Value) Read(XmlElement timestamp, string localName)
    {
        XmlElement? element = null;
        foreach (var child in SecurityHeaderModel.Elements(timestamp))
        {
            if (child.LocalName != localName || child.NamespaceURI != WsNamespaces.Wsu) continue;
            if (element is not null) return (true, null); // two of them: ambiguous, so unreadable
            element = child;
        }
        if (element is null) return (false, null);
        // xs:dateTime with an explicit zone; a local time would be read differently by each receiver.
        return (true, XsDateTime.TryParse(element.InnerText));
    }
}
