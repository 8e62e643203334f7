using Rotation.Sender.Contracts;

namespace Rotation.Drill.Report;

/// <summary>
/// The expiry scenario's outcome (docs/DESIGN.md §13): when the signing certificate expired, and when the sender's
/// rejections began and ended, how many, in the verifier's own words.
/// </summary>
public sealed record ExpiryReport(DateTimeOffset NotAfter, DateTimeOffset? FirstRejectedAt, DateTimeOffset? LastRejectedAt, long Rejected, string? Message)
{
    public const string Reason = "CertificateExpired";

    public static ExpiryReport Of(DateTimeOffset notAfter, IEnumerable<ErrorStatistics> errors)
    {
        var expired = errors.FirstOrDefault(e => e.Code == Reason);
        return new(notAfter, expired?.FirstAt, expired?.LastAt, expired?.Count ?? 0, expired?.Message);
    }

    /// <summary>Seconds from the expiry to the first rejection (null when none came).</summary>
    public double? SecondsToFirstRejection => FirstRejectedAt is { } first ? Math.Round((first - NotAfter).TotalSeconds, 3) : null;
}
