using Rotation.Shared.Admin;

namespace Rotation.Hosting.Admin;

/// <summary>
/// One admin request as its filters saw it (one instance per request, from the request's DI scope): who presented
/// which token, the version the caller expects (If-Match, on versioned groups only), and the version the answer
/// reflects (its ETag). Handlers pass <see cref="Change"/> to the change they make: nothing travels by ambient state.
/// </summary>
public sealed class AdminRequest
{
    public string Who { get; internal set; } = "anonymous";

    /// <summary>The version a change expects (If-Match); null for reads and for changes that sent none.</summary>
    public long? ExpectedVersion { get; internal set; }

    /// <summary>The version the answer was read from or committed as; null when the handler did not say.</summary>
    public long? Version { get; private set; }

    public ChangeContext Change => new(Who, ExpectedVersion);

    /// <summary>Records the version the answer reflects and hands the value back.</summary>
    public T Saw<T>(T value, long version)
    {
        Version = version;
        return value;
    }
}
