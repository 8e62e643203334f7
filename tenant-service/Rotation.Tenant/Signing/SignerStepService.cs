using Rotation.Tenant.Keystore;
using Rotation.Tenant.State;

namespace Rotation.Tenant.Signing;

/// <summary>
/// The signer step as part of the tenant state: changed through the state's one writer, checked against the keystore
/// of the same state (so a concurrent delete cannot take the alias away between the check and the commit), audited
/// and versioned like every other change.
/// </summary>
public sealed class SignerStepService(LiveTenantState state)
{
    public SignerStep Current => state.Current.SignerStep;

    public Task<KeystoreResult<Committed<SignerStep>>> ChangeAsync(ChangeContext context, SignerStepChange change, CancellationToken cancellationToken = default) =>
        state.ChangeAsync<SignerStep>(context, current =>
        {
            var step = change.ApplyTo(current.SignerStep);
            if (step.Problem() is { } invalid) return new KeystoreError(KeystoreErrorCode.InvalidRequest, invalid);
            if (current.Keystore.Find(step.Alias) is not { } entry)
                return new KeystoreError(KeystoreErrorCode.UnknownAlias, $"no keystore entry with alias '{step.Alias}'");
            if (entry.Kind != EntryKind.KeyPair)
                return new KeystoreError(KeystoreErrorCode.NotAKeyPair, $"'{step.Alias}' holds a certificate only; the signer step needs a key pair");
            if (step.KeyFrom(current.Keystore, step.Alias) is not { } key)
                return new KeystoreError(KeystoreErrorCode.UnknownKey, $"no key pair with fingerprint {step.KeyFingerprint} under an alias or in the key history");
            if (step.Algorithm is { } algorithm && !key.Supports(algorithm))
                return new KeystoreError(KeystoreErrorCode.InvalidRequest, $"the signer step's key pair cannot sign with {algorithm}");
            return (current with { SignerStep = step }, step);
        }, cancellationToken);
}
