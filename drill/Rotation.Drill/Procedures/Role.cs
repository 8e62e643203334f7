namespace Rotation.Drill.Procedures;

/// <summary>Who performs a step: the procedure is a conversation between two administrators of two organisations.</summary>
public enum Role
{
    TenantAdministrator,
    SenderAdministrator,
}
