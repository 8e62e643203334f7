namespace Rotation.Drill.Tenants;

/// <summary>How the new key pair gets under the flow's alias through /api/v1 (--exchange-method).</summary>
public enum ExchangeMethod
{
    /// <summary>Made outside the tenant (in the drill's memory only) and put under the alias in one call: KeyPairResources?update=true.</summary>
    Upload,
    /// <summary>Made on the tenant (KeyPairGenerationRequests), then two renames: old entry away, new entry to the alias.</summary>
    Rename,
}
