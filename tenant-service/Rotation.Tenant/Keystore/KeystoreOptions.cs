namespace Rotation.Tenant.Keystore;

/// <summary>Keystore policy. The key history retention can be longer than 90 days, never shorter.</summary>
public sealed record KeystoreOptions
{
    public static readonly TimeSpan MinimumHistoryRetention = TimeSpan.FromDays(90);

    public TimeSpan HistoryRetention { get; init; } = MinimumHistoryRetention;
    public int ExpiryWarningDays { get; init; } = 30;

    /// <summary>The retention actually enforced: a configured value below the floor is raised to it.</summary>
    public TimeSpan EffectiveHistoryRetention => HistoryRetention < MinimumHistoryRetention ? MinimumHistoryRetention : HistoryRetention;
}
