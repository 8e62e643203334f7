using Rotation.Tenant.Tests.Chains;
using Rotation.Tenant.Tests.Support;

namespace Rotation.Tenant.Tests.Postgres;

/// <summary>docs/DESIGN.md §12: the issuers of an imported chain live in PostgreSQL with the entry (migration 3).</summary>
[NeedsPostgres]
[Collection(PostgresCollection.Name)]
public sealed class PostgresChainTests(PostgresCluster cluster)
{
    [StoreFact]
    public async Task The_chain_survives_a_restart_on_another_data_directory()
    {
        var database = await cluster.CreateDatabaseAsync();
        using var ca = ChainImport.NewCa();
        await using (var first = await StoreTenant.StartAsync(database))
        {
            var (status, _) = await ChainImport.ImportAsync(first, "tenant-signing", await ChainImport.SignedChainAsync(first, "tenant-signing", ca));
            Assert.Equal(System.Net.HttpStatusCode.OK, status);
            await first.SetSignerAsync(new { tokenFormat = "PkiPath" });
        }

        await using var second = await StoreTenant.StartAsync(database);
        await CertificateChainTests.AssertChainKeptAsync(second, ca);
    }
}
