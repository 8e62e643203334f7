namespace Rotation.Drill.Procedures;

/// <summary>The subject DN of the renewal key pair.</summary>
public enum NewSubject
{
    /// <summary>The old subject with an <c>OU=Renewal …</c> that says which renewal made it.</summary>
    RenewalOu,
    /// <summary>The old subject unchanged, as real renewed certificates usually are: old and new differ by serial, validity and key.</summary>
    Same,
}
