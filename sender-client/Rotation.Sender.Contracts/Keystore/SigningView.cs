using Rotation.Shared.WsSecurity;

namespace Rotation.Sender.Contracts;

/// <summary>Whether requests are signed, and how the key is referenced.</summary>
public sealed record SigningView(bool Enabled, KeyReference KeyReference);
