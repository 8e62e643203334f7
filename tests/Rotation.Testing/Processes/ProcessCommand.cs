namespace Rotation.Testing.Processes;

/// <summary>
/// A program a test starts: its arguments one by one (never a shell line), environment changes on top of the test
/// process's own (a null value removes a variable), working directory and how long it may run before it is killed.
/// </summary>
public sealed record ProcessCommand(string FileName, IReadOnlyList<string> Arguments)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    public string WorkingDirectory { get; init; } = System.Environment.CurrentDirectory;

    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>One of our programs from the test output folder (<c>dotnet Rotation.Tenant.dll …</c>), as an operator runs it.</summary>
    public static ProcessCommand Dotnet(string assemblyFileName, params IEnumerable<string> arguments) =>
        new("dotnet", [Path.Combine(AppContext.BaseDirectory, assemblyFileName), .. arguments]);

    /// <summary>The same command with <paramref name="variables"/> set in its environment.</summary>
    public ProcessCommand WithVariables(IReadOnlyDictionary<string, string>? variables) =>
        Changed((variables ?? new Dictionary<string, string>()).Select(v => KeyValuePair.Create(v.Key, (string?)v.Value)));

    public ProcessCommand WithVariable(string name, string value) => Changed([KeyValuePair.Create(name, (string?)value)]);

    /// <summary>
    /// The same command without any inherited variable whose name starts with <paramref name="prefix"/>: a ROTATION_*
    /// variable of the machine running the tests must not leak into a program under test.
    /// </summary>
    public ProcessCommand WithoutInherited(string prefix) =>
        Changed(System.Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal) && !Environment.ContainsKey(name))
            .Select(name => KeyValuePair.Create(name, (string?)null)));

    /// <summary>How the command reads in a shell, for failure messages.</summary>
    public string CommandLine => FileName + " " + string.Join(' ', Arguments.Select(Quote));

    private ProcessCommand Changed(IEnumerable<KeyValuePair<string, string?>> variables)
    {
        var environment = new Dictionary<string, string?>(Environment);
        foreach (var (name, value) in variables) environment[name] = value;
        return this with { Environment = environment };
    }

    private static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsLetterOrDigit(c) || "-_./:=+,@#".Contains(c)) ? argument : $"'{argument}'";
}
