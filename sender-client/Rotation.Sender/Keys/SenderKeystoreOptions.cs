using Rotation.Shared.Certificates;

namespace Rotation.Sender.Keys;

/// <summary>How a sender keystore is seeded and what it keeps. The key history retention can be longer than 90 days, never shorter.</summary>
public sealed record SenderKeystoreOptions
{
    public static readonly TimeSpan MinimumHistoryRetention = TimeSpan.FromDays(90);
    public const string DefaultSigningAlias = "sender";

    /// <summary>The alias requests are signed with; names a new keystore's first key pair (an existing keystore keeps its own).</summary>
    public string SigningAlias { get; init; } = DefaultSigningAlias;

    /// <summary>The key algorithm of a new keystore's first key pair.</summary>
    public KeyAlgorithm SeedAlgorithm { get; init; } = KeyAlgorithm.Rsa2048;

    /// <summary>Applied at open when set (the command line wins); null keeps what the keystore holds (a new one: off).</summary>
    public RequestSigningSettings? Signing { get; init; }

    public TimeSpan HistoryRetention { get; init; } = MinimumHistoryRetention;

    /// <summary>The retention actually enforced: a configured value below the floor is raised to it.</summary>
    public TimeSpan EffectiveHistoryRetention => HistoryRetention < MinimumHistoryRetention ? MinimumHistoryRetention : HistoryRetention;

    public IEnumerable<string> Problems()
    {
        if (!KeyAlias.IsValid(SigningAlias)) yield return "signing " + KeyAlias.Refusal(SigningAlias);
        if (Signing?.Problem is { } signing) yield return signing;
    }
}
