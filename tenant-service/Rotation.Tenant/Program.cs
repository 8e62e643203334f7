using Rotation.Tenant.Hosting;

// dotnet run --project tenant-service/Rotation.Tenant -- --urls http://127.0.0.1:8080 --data-dir ./data
var options = TenantConfiguration.FromArgs(args, Environment.GetEnvironmentVariables());
if (options.Problem is { } problem)
{
    Console.Error.WriteLine($"rotation-tenant: {problem}");
    return 2;
}

TenantHost built;
try
{
    built = TenantHost.Build(options.Options!);
}
catch (Rotation.Tenant.Persistence.DataDirectoryInUseException inUse)
{
    // Exit code 3: another tenant-service holds the data directory (tenant-service/README.md).
    Console.Error.WriteLine($"rotation-tenant: {inUse.Message}");
    return 3;
}
await using var tenant = built;
await tenant.StartAsync();
Console.WriteLine($"rotation-tenant: listening on {tenant.BaseAddress}; data in {Path.GetFullPath(tenant.DataDir)}");
Console.WriteLine(tenant.AdminTokenFile is { } file
    ? $"rotation-tenant: admin token stored in {file} (0600); set ROTATION_ADMIN_TOKEN to choose your own"
    : "rotation-tenant: admin token taken from --admin-token or ROTATION_ADMIN_TOKEN");
await tenant.App.WaitForShutdownAsync();
return 0;
