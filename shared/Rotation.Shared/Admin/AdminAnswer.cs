namespace Rotation.Shared.Admin;

/// <summary>
/// What an admin call brought back: the value, or the problem the service answered with. A refusal is an expected
/// outcome of an admin call, so it is a value the caller inspects, not an exception.
/// </summary>
public sealed class AdminAnswer<T>
{
    private readonly T? _value;

    private AdminAnswer(string call, T? value, AdminProblem? problem)
    {
        Call = call;
        _value = value;
        Problem = problem;
    }

    /// <summary>The call as "METHOD path", for messages.</summary>
    public string Call { get; }

    public AdminProblem? Problem { get; }

    public bool Succeeded => Problem is null;

    /// <summary>The answer's value; reading it from a refused call is a programming error.</summary>
    public T Value => Problem is null ? _value! : throw new InvalidOperationException($"{Call} was refused ({Problem.Describe()}); check Succeeded before reading Value");

    public static AdminAnswer<T> Success(string call, T value) => new(call, value, null);

    public static AdminAnswer<T> Refused(string call, AdminProblem problem) => new(call, default, problem);
}

/// <summary>The value of a call the service answers without a body (204).</summary>
public readonly record struct NoBody;
