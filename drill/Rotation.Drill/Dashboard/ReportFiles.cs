using System.Collections.Frozen;

namespace Rotation.Drill.Dashboard;

/// <summary>
/// The files of the written report that the dashboard serves: exactly the names the report directory held
/// when the drill wrote it, nothing below or beside it, and nothing before the report exists.
/// </summary>
public sealed class ReportFiles
{
    private FrozenDictionary<string, string> _byName = FrozenDictionary<string, string>.Empty;

    /// <summary>Takes the directory's files as they are now; returns their names in order.</summary>
    public IReadOnlyList<string> Take(string directory)
    {
        var byName = Directory.EnumerateFiles(Path.GetFullPath(directory))
            .ToFrozenDictionary(path => Path.GetFileName(path), StringComparer.Ordinal);
        Volatile.Write(ref _byName, byName);
        return byName.Keys.Order(StringComparer.Ordinal).ToList();
    }

    public string? PathOf(string name) => Volatile.Read(ref _byName).GetValueOrDefault(name);
}
