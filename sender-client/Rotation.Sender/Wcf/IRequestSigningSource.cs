namespace Rotation.Sender.Wcf;

/// <summary>Where the encoder learns how to sign the next request.</summary>
public interface IRequestSigningSource
{
    /// <summary>Read once per request, so an exchange never splits one signature; null: requests go unsigned.</summary>
    RequestSignature? Current { get; }
}
