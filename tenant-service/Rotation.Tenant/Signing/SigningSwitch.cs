namespace Rotation.Tenant.Signing;

/// <summary>Whether responses are signed: always, except in a load benchmark's unsigned baseline.</summary>
internal sealed record SigningSwitch(bool SignResponses);
