using System.CommandLine;
using Rotation.Tenant.Hosting;

// dotnet run --project tenant-service/Rotation.Tenant -- --urls http://127.0.0.1:8080 --data-dir ./data   (--help: every option)
var command = TenantConfiguration.CreateCommand(Environment.GetEnvironmentVariables(), async (options, cancellationToken) =>
{
    TenantHost built;
    try
    {
        built = TenantHost.Build(options);
    }
    catch (Rotation.Tenant.Persistence.DataDirectoryInUseException inUse)
    {
        // Exit code 3: another tenant-service holds the data directory (tenant-service/README.md).
        Console.Error.WriteLine($"rotation-tenant: {inUse.Message}");
        return 3;
    }
    catch (Rotation.Tenant.State.TenantStoreUnavailableException unavailable)
    {
        // Exit code 4: the --store database cannot be reached (tenant-service/README.md).
        Console.Error.WriteLine($"rotation-tenant: {unavailable.Message}");
        return 4;
    }
    await using var tenant = built;
    await tenant.StartAsync(cancellationToken);
    Console.WriteLine(options.Store is { } store
        ? $"rotation-tenant: listening on {tenant.BaseAddress}; state in PostgreSQL ({Rotation.Tenant.Persistence.Postgres.PostgresTenantStateStore.Describe(store)}), message log in {Path.GetFullPath(tenant.DataDir)}"
        : $"rotation-tenant: listening on {tenant.BaseAddress}; data in {Path.GetFullPath(tenant.DataDir)}");
    Console.WriteLine(tenant.AdminTokenFile is { } file
        ? $"rotation-tenant: admin token stored in {file} (0600); set ROTATION_ADMIN_TOKEN to choose your own"
        : "rotation-tenant: admin token taken from --admin-token or ROTATION_ADMIN_TOKEN");
    await tenant.App.WaitForShutdownAsync();
    return 0;
});
var parse = command.Parse(args);
if (parse.Errors.Count > 0)
{
    // Usage errors exit 2, every one of them reported, before anything starts.
    foreach (var error in parse.Errors) Console.Error.WriteLine($"rotation-tenant: {error.Message}");
    Console.Error.WriteLine("rotation-tenant: see --help");
    return 2;
}
// No signal handling here: ASP.NET Core's console lifetime stops the tenant on Ctrl+C and SIGTERM, with its own shutdown timeout.
return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null });
