namespace Rotation.Drill.Tenants;

/// <summary>
/// How the drill signs in to a tenant's <c>/api/v1</c> (docs/DESIGN.md §9): a service key's OAuth 2.0 client
/// credentials (<see cref="TokenUrl"/> set), or HTTP Basic with a user and password. Each refusal names the options
/// to fix, so a wrong secret ends with a message that says which one.
/// </summary>
public sealed record CpiCredentials(string Id, string Secret, Uri? TokenUrl)
{
    public bool UsesOAuth => TokenUrl is not null;

    /// <summary>The options these credentials came from, for messages.</summary>
    public string Options => UsesOAuth ? "--cpi-token-url, --cpi-client-id and --cpi-client-secret" : "--cpi-user and --cpi-password";

    public static CpiCredentials OAuth(Uri tokenUrl, string clientId, string clientSecret) => new(clientId, clientSecret, tokenUrl);

    public static CpiCredentials Basic(string user, string password) => new(user, password, null);

    /// <summary>The secret never appears in a report or a log line.</summary>
    public override string ToString() => UsesOAuth ? $"OAuth client '{Id}' ({TokenUrl})" : $"Basic user '{Id}'";
}
