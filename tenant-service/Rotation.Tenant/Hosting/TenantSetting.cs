namespace Rotation.Tenant.Hosting;

/// <summary>
/// One setting of the tenant-service program: the option <c>--data-dir</c>, its environment variable
/// <c>ROTATION_DATA_DIR</c> (upper case, <c>-</c> → <c>_</c>), the default and what it means. The command line wins.
/// </summary>
public sealed record TenantSetting(string Key, string HelpName, string Default, string Meaning)
{
    public string OptionName => "--" + Key;
    public string EnvironmentVariable => "ROTATION_" + Key.Replace('-', '_').ToUpperInvariant();
    public string HelpText => $"{Meaning} [env: {EnvironmentVariable}] [default: {Default}]";
}
