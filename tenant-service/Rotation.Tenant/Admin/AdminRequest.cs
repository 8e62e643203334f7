using Rotation.Tenant.State;

namespace Rotation.Tenant.Admin;

/// <summary>
/// One admin request as its filters saw it (one instance per request, from the request's DI scope): who presented
/// which token, the generation the caller expects (If-Match, state endpoints only), and the generation the answer
/// reflects (its ETag). Handlers turn it into the <see cref="ChangeContext"/> they pass to the change they make.
/// </summary>
public sealed class AdminRequest
{
    public string Who { get; internal set; } = "anonymous";
    public long? ExpectedGeneration { get; internal set; }

    /// <summary>The generation the answer was read from or committed as; null when the handler did not say.</summary>
    public long? Generation { get; private set; }

    public ChangeContext Change => new(Who, ExpectedGeneration);

    /// <summary>Records the generation the answer reflects and hands the value back.</summary>
    public T Saw<T>(T value, long generation)
    {
        Generation = generation;
        return value;
    }
}
