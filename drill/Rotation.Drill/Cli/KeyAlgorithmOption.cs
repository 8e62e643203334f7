using System.CommandLine;
using Rotation.Shared.Certificates;

namespace Rotation.Drill.Cli;

/// <summary>--initial-key of the drill, soak and load: every spelling of <see cref="KeyAlgorithmText"/>, anything else a usage error.</summary>
internal static class KeyAlgorithmOption
{
    public const KeyAlgorithm Default = KeyAlgorithm.Rsa2048;

    /// <summary>Null when not given (the default is <see cref="Default"/>, shown as RSA-2048 rather than the enum's name).</summary>
    public static Option<KeyAlgorithm?> Create(string meaning) => new("--initial-key")
    {
        Description = $"{meaning}: {KeyAlgorithmText.Description}. [default: {Default.Format()}]",
        HelpName = "KEY",
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (KeyAlgorithmText.TryParse(text, out var algorithm)) return algorithm;
            result.AddError($"--initial-key: {KeyAlgorithmText.Refusal(text)}");
            return null;
        },
    };
}
