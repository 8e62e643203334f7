using Rotation.Shared.Admin;

namespace Rotation.Drill.Admin;

/// <summary>
/// One service's admin API as the drill calls it: the service's typed client (its contracts assembly) over the drill's
/// HTTP client, and a refused call turned into the drill's failure: <see cref="AccessRefused"/> for the drill's token,
/// <see cref="AdminCallFailed"/> carrying the problem's detail for anything else.
/// </summary>
public abstract class AdminClient : IDisposable
{
    protected AdminClient(Uri baseAddress, string name, string tokenSource)
    {
        Name = name;
        TokenSource = tokenSource;
        BaseAddress = baseAddress;
        Http = AdminHttp.Create(baseAddress);
    }

    public string Name { get; }
    /// <summary>Where the drill's token for this service comes from: what to fix when the service refuses it.</summary>
    public string TokenSource { get; }
    public Uri BaseAddress { get; }
    protected HttpClient Http { get; }

    /// <summary>The call's value; a refusal ends the step (or the drill, when the token was refused).</summary>
    protected async Task<T> ExpectAsync<T>(Task<AdminAnswer<T>> call)
    {
        var answer = await call;
        return answer.Succeeded ? answer.Value : throw Failure(answer);
    }

    /// <summary>A resource the service may not have: null when it answers 404.</summary>
    protected async Task<T?> OptionalAsync<T>(Task<AdminAnswer<T>> call) where T : class
    {
        var answer = await call;
        if (answer.Succeeded) return answer.Value;
        return answer.Problem!.Status == System.Net.HttpStatusCode.NotFound ? null : throw Failure(answer);
    }

    private AdminCallFailed Failure<T>(AdminAnswer<T> answer)
    {
        var problem = answer.Problem!;
        if (problem.AccessRefused)
            return new AccessRefused($"{Name}: the admin API at {BaseAddress} refused the drill's token ({(int)problem.Status}); give the {Name}'s admin token with {TokenSource}");
        return new AdminCallFailed($"{Name}: {answer.Call} failed with {(int)problem.Status}: {problem.Detail ?? problem.Title ?? ""}") { Problem = problem };
    }

    public void Dispose()
    {
        Http.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>An admin call the drill needed did not succeed; <see cref="Problem"/> is the service's answer when it gave one.</summary>
public class AdminCallFailed(string message) : Exception(message)
{
    public AdminProblem? Problem { get; init; }
}

/// <summary>
/// The service refused the drill itself (its token or credentials, or its CSRF session): no step can succeed, so the drill
/// stops (exit 3) with a message naming the options to fix, instead of recording one failed step after another.
/// </summary>
public sealed class AccessRefused(string message) : AdminCallFailed(message);
